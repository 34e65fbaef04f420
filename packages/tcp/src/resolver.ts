/**
 * The name-resolution plugin API: a scheme (`dns`, `dns+srv`, or one registered with
 * {@link registerResolver}) maps a channel target such as `dns:///ledger.example:7000` to a
 * {@link ResolverFactory}, which turns the target into a changing list of addresses.
 *
 * The contract, in gRPC's terms:
 * - The channel creates the resolver when it is created (so a malformed target throws there) and
 *   calls `resolveNow()` on its first call, and again whenever one of its connections is lost.
 *   A resolver does no network work before the first `resolveNow()`.
 * - The resolver reports each complete, current list with `onAddresses` (the channel keeps the
 *   connections of addresses still listed, opens new ones and drains removed ones), and failures
 *   with `onError` (the channel keeps its previous addresses). An empty list counts as a failure.
 * - It rate-limits itself: `resolveNow()` is a hint, not an order.
 * - `close()` stops timers and lookups; no listener call follows it.
 */

/** A parsed target URI, `scheme://authority/path` (`dns:///name:port` has an empty authority). */
export interface ResolverTarget {
  /** Lower-case scheme, e.g. `"dns"`. */
  readonly scheme: string;
  /** What sits between `//` and the next `/` (a DNS server for `dns://8.8.8.8/name:port`); often empty. */
  readonly authority: string;
  /** The rest, without its leading `/`: `"ledger.example:7000"`. */
  readonly path: string;
  /** The target as the user wrote it, for messages. */
  readonly text: string;
}

/**
 * One address a resolver found. For TCP, `serverName` is the name it was resolved from: TLS
 * connections to the IP check the server's certificate against it (unless `tls.serverName` is set).
 */
export type ResolvedAddress =
  | { readonly hostname: string; readonly port: number; readonly serverName?: string }
  | { readonly unix: string };

/** Where a resolver reports. */
export interface ResolverListener {
  /** The complete current address list, in preference order (pick_first tries it in this order). */
  onAddresses(addresses: readonly ResolvedAddress[]): void;
  /** Resolution failed; the channel keeps the addresses it has and the resolver retries (backoff). */
  onError(error: Error): void;
}

/** The channel options a resolver may use. */
export interface ResolverOptions {
  /** The DNS server to ask (`"ip"` or `"ip:port"`, `"[v6]:port"`), if the user named one. */
  readonly dnsServer?: string;
  /** Periodic re-resolution, and the least time between two resolutions. Milliseconds; 30,000. */
  readonly resolveIntervalMs: number;
  /** Randomness (SRV weights, backoff jitter); `Math.random` unless a test set `random`. */
  readonly random: () => number;
}

/** A running resolver of one channel. */
export interface Resolver {
  /** Resolve soon (first call, connection lost); the resolver applies its own rate limit. */
  resolveNow(): void;
  /** Stops timers and lookups; no listener call follows. */
  close(): void;
}

/**
 * Makes the resolver of one channel. Throws (a `RangeError` naming the problem) for a target it
 * cannot resolve, e.g. a missing port; the channel's constructor lets that through.
 */
export type ResolverFactory = (target: ResolverTarget, listener: ResolverListener, options: ResolverOptions) => Resolver;
