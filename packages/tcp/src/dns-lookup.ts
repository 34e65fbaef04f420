import { promises as dns } from "node:dns";
import { isIP } from "node:net";

/** How long one DNS query waits for an answer before it is retried. Milliseconds. */
const QUERY_TIMEOUT_MS = 2000;
/** Tries per query (the first included). */
const QUERY_TRIES = 2;

/** Answers that mean "no records of this type", not "the lookup failed". */
const NO_RECORDS = new Set(["ENODATA", "ENOTFOUND"]);

/**
 * Checks a `dnsServer` option — `"ip"`, `"ip:port"` or `"[v6]:port"` — and returns it in the form
 * `Resolver.setServers` takes; throws a `RangeError` naming it otherwise.
 */
export function verifyDnsServer(server: unknown): string {
  const bad = (): never => {
    throw new RangeError(`dnsServer must be an IP address with an optional port ("10.0.0.2", "127.0.0.1:5353", "[::1]:53"), got ${JSON.stringify(server)}`);
  };
  if (typeof server !== "string") return bad();
  if (isIP(server) !== 0) return server;
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(server);
  if (match === null) return bad();
  const host = (match[1] ?? match[2])!;
  const port = Number(match[3]);
  const family = isIP(host);
  if (family === 0 || (match[1] !== undefined && family !== 6) || !Number.isInteger(port) || port < 1 || port > 65535) return bad();
  return server;
}

/**
 * A DNS client that queries `server` (the system's servers from `/etc/resolv.conf` when absent)
 * directly. Not `Bun.dns` or `dns.lookup`: those go through Bun's DNS cache and `/etc/hosts`, and
 * a resolver must see the records as the DNS server has them now.
 */
export function dnsClient(server: string | undefined): dns.Resolver {
  const client = new dns.Resolver({ timeout: QUERY_TIMEOUT_MS, tries: QUERY_TRIES });
  if (server !== undefined) client.setServers([server]);
  return client;
}

/**
 * Every A and AAAA record of `name`, interleaved IPv6 first (RFC 8305 §4, so that pick_first's
 * happy eyeballs alternates families). An IP literal resolves to itself and `localhost` to the
 * loopback addresses without a query. Rejects when neither query found a record, with the real
 * failure (timeout, refused, SERVFAIL) if there was one.
 */
export async function lookupHost(client: dns.Resolver, name: string): Promise<string[]> {
  if (isIP(name) !== 0) return [name];
  if (name.toLowerCase() === "localhost") return ["::1", "127.0.0.1"];
  const [v4, v6] = await Promise.allSettled([client.resolve4(name), client.resolve6(name)]);
  const a = v4.status === "fulfilled" ? v4.value : [];
  const aaaa = v6.status === "fulfilled" ? v6.value : [];
  if (a.length + aaaa.length > 0) return interleave(aaaa, a);
  const failure = [v4, v6].find((r) => r.status === "rejected" && !NO_RECORDS.has(codeOf(r.reason)));
  if (failure?.status === "rejected") throw dnsError(`looking up ${name}`, failure.reason);
  throw Object.assign(new Error(`DNS has no A or AAAA record for ${name}`), { code: "ENOTFOUND" });
}

/** A DNS failure with context in its message and the original as `cause`. */
export function dnsError(what: string, cause: unknown): Error {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return Object.assign(new Error(`DNS ${what} failed: ${detail}`, { cause }), { code: codeOf(cause) });
}

/** The `code` of a node:dns error (`ENOTFOUND`, `ETIMEOUT`, …), or "". */
export function codeOf(error: unknown): string {
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === "string" ? code : "";
}

function interleave(first: readonly string[], second: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < Math.max(first.length, second.length); i++) {
    if (i < first.length) out.push(first[i]!);
    if (i < second.length) out.push(second[i]!);
  }
  return out;
}
