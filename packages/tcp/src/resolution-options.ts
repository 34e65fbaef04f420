import { MAX_TIMER_MS } from "./close-options.ts";
import { verifyDnsServer } from "./dns-lookup.ts";
import { verifyLoadBalancing, type LoadBalancingPolicy } from "./load-balancer.ts";
import type { ReadinessCheck } from "./readiness-check.ts";

/** The channel options of name resolution, load balancing and readiness checking. */
export interface ResolutionOptions {
  /**
   * The DNS server that `dns:` and `dns+srv:` targets ask: `"ip"` or `"ip:port"` / `"[v6]:port"`.
   * Default: the system's (`/etc/resolv.conf`). Ignored by other targets.
   */
  readonly dnsServer?: string;
  /**
   * How often a resolving target (`dns:`, `dns+srv:`, registered schemes) is looked up again, and
   * the least time between two lookups — a lost connection re-resolves at once only if the last
   * lookup is this old (gRPC's rule). Failed lookups retry sooner, 1 s × 1.6 up to this.
   * Milliseconds; 30,000.
   */
  readonly resolveIntervalMs?: number;
  /**
   * `"round_robin"` (default): connect to every address, rotate calls over the ready ones.
   * `"pick_first"`: one connection, to the first address that connects (trying them in order,
   * 250 ms apart); the others only when it is lost.
   */
  readonly loadBalancing?: LoadBalancingPolicy;
  /**
   * Checked on every new connection before it takes calls (the `strand` facade's `healthCheck`
   * builds one on `grpc.health.v1.Health/Watch`). Default: none.
   */
  readonly readinessCheck?: ReadinessCheck;
}

/** {@link ResolutionOptions} checked, with defaults. */
export interface VerifiedResolutionOptions {
  readonly dnsServer: string | undefined;
  readonly resolveIntervalMs: number;
  readonly loadBalancing: LoadBalancingPolicy;
  readonly readinessCheck: ReadinessCheck | undefined;
}

/** The default of `resolveIntervalMs`: 30 s, gRPC's least time between DNS resolutions. */
export const DEFAULT_RESOLVE_INTERVAL_MS = 30_000;

/** Fills in defaults; throws a `RangeError` naming the option on a bad value (at construction). */
export function verifyResolutionOptions(options: ResolutionOptions): VerifiedResolutionOptions {
  const interval = options.resolveIntervalMs ?? DEFAULT_RESOLVE_INTERVAL_MS;
  if (typeof interval !== "number" || !(interval > 0) || interval > MAX_TIMER_MS) {
    throw new RangeError(`resolveIntervalMs must be a positive number of milliseconds up to ${MAX_TIMER_MS}, got ${String(options.resolveIntervalMs)}`);
  }
  const check = options.readinessCheck;
  if (check !== undefined && typeof check !== "function") throw new TypeError(`readinessCheck must be a function, got ${String(check)}`);
  return {
    dnsServer: options.dnsServer === undefined ? undefined : verifyDnsServer(options.dnsServer),
    resolveIntervalMs: interval,
    loadBalancing: verifyLoadBalancing(options.loadBalancing ?? "round_robin"),
    readinessCheck: check,
  };
}
