/**
 * Socket-level options that `createServer` and `createChannel` share: what every TCP connection
 * they open or accept is set to, and whether it keeps the process alive.
 */
export interface SocketOptions {
  /**
   * TCP keep-alive (`SO_KEEPALIVE`) on every accepted and dialled TCP connection (not unix
   * sockets): the kernel probes a connection idle this long, so a peer that vanished without a
   * FIN (power loss, a NAT or load balancer that dropped the mapping) is detected even when no
   * Strand PING is due, and idle connections stay in middlebox tables. Milliseconds, rounded down to
   * whole seconds by the kernel (1,000 … 32,767,000); 60,000; 0 turns it off. Anchor: Go — and so grpc-go — enables TCP
   * keep-alive on every connection by default (15 s); 60 s because wire PINGs already probe idle
   * client connections every 30 s, and it stays far below NAT/load-balancer idle timeouts (AWS
   * NLB: 350 s) and Linux's 2-hour default. Bun then probes every second, 10 times.
   */
  readonly tcpKeepAliveMs: number;
  /**
   * `true`: an idle server or channel does not keep the process alive (Node's `unref()`): its
   * listeners and idle connections are unref'd, and a connection is ref'd again only while it
   * carries calls, so a script that forgets `close()` still exits once its calls are done.
   * Default `false`.
   */
  readonly unref: boolean;
}

/** The defaults of {@link SocketOptions}. */
export const defaultSocketOptions: SocketOptions = { tcpKeepAliveMs: 60_000, unref: false };

/** Largest `TCP_KEEPIDLE` Linux accepts: 32,767 s. */
const MAX_KEEPALIVE_MS = 32_767_000;

/** Fills in defaults; throws a `RangeError` naming the option on a bad value (at construction). */
export function verifySocketOptions(input: { readonly tcpKeepAliveMs?: number | undefined; readonly unref?: boolean | undefined }): SocketOptions {
  const tcpKeepAliveMs = input.tcpKeepAliveMs ?? defaultSocketOptions.tcpKeepAliveMs;
  const unref = input.unref ?? defaultSocketOptions.unref;
  if (!Number.isInteger(tcpKeepAliveMs) || (tcpKeepAliveMs !== 0 && (tcpKeepAliveMs < 1000 || tcpKeepAliveMs > MAX_KEEPALIVE_MS))) {
    throw new RangeError(`tcpKeepAliveMs must be 0 (off) or an integer in [1000, ${MAX_KEEPALIVE_MS}] milliseconds, got ${String(input.tcpKeepAliveMs)}`);
  }
  if (typeof unref !== "boolean") throw new RangeError(`unref must be a boolean, got ${String(input.unref)}`);
  return { tcpKeepAliveMs, unref };
}
