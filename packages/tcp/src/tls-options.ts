import { createSecureContext } from "node:tls";
import type { TLSOptions } from "bun";

/**
 * Client TLS options as handed to `Bun.connect`, with `rejectUnauthorized` always explicit.
 *
 * Why: Bun (1.4) wraps the socket in TLS but never starts the handshake when the options object
 * holds no setting it acts on — `tls: {}`, `{ ca: undefined }`, `{ requestCert: false }`: no
 * ClientHello is sent, neither `handshake` nor `close` fires, and a call waits for its deadline
 * or the 20 s connect timeout with no reason given. An explicit `rejectUnauthorized` (Bun's own
 * default: `true` unless `NODE_TLS_REJECT_UNAUTHORIZED=0`) makes it start, and certificate errors
 * then surface at once. `true` means "TLS with the system CAs", i.e. the same.
 */
export function clientTlsOptions(tls: TLSOptions | true): TLSOptions {
  const options = tls === true ? {} : tls;
  if (typeof options.rejectUnauthorized === "boolean") return options;
  return { ...options, rejectUnauthorized: process.env["NODE_TLS_REJECT_UNAUTHORIZED"] !== "0" };
}

/** Checks a channel's `tls` option at construction: `true`, `false`, or an options object. */
export function verifyClientTls(tls: unknown): void {
  if (tls === undefined || typeof tls === "boolean") return;
  if (typeof tls !== "object" || tls === null || Array.isArray(tls)) throw new RangeError(`tls must be true, false or a TLS options object, got ${String(tls)}`);
}

/**
 * Checks a server's `tls` option at construction (and in `updateTls`): `key` and `cert` are
 * required, and the whole set is loaded once into a throwaway secure context by the same TLS
 * library that serves connections, so an unreadable file, a malformed PEM, a key that does not
 * match its certificate or a bad `ca` throws here, naming the problem — not at the first
 * connection. Returns the options unchanged.
 */
export function verifyServerTls(tls: TLSOptions, where: string): TLSOptions {
  if (typeof tls !== "object" || tls === null || Array.isArray(tls)) throw new RangeError(`${where}: tls must be an object with key and cert, got ${String(tls)}`);
  if (tls.key == null || tls.cert == null) throw new RangeError(`${where}: tls needs both key and cert (PEM strings, Buffers or BunFiles)`);
  try {
    createSecureContext(tls as Parameters<typeof createSecureContext>[0]);
  } catch (cause) {
    throw new RangeError(`${where}: invalid tls options: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
  return tls;
}

/** Whether a server with these options asks clients for a certificate (mTLS). */
export function requestsClientCertificate(tls: TLSOptions | undefined): boolean {
  return tls?.requestCert === true;
}

/** Whether such a server also refuses clients whose certificate does not verify (Bun's server default). */
export function requiresClientCertificate(tls: TLSOptions | undefined): boolean {
  return tls?.requestCert === true && tls.rejectUnauthorized !== false;
}
