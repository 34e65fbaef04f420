/**
 * How long a server keeps each connection: the knobs orchestrators need so that clients spread
 * over new replicas (age), long-lived connections pass through L4 load balancers that re-resolve
 * (age), and idle clients stop holding sockets (idle). All off by default, as in gRPC.
 */
export interface ConnectionLifecycle {
  /**
   * A connection older than this gets GOAWAY: calls in flight finish, new calls go to a new
   * connection (the client's channel dials one and retries the calls that crossed the GOAWAY,
   * which the server provably never processed), and `ctx.draining` aborts for the calls still
   * running on it. Each connection's limit is this value × a random factor in [0.9, 1.1], so that
   * connections accepted together (after a deploy) are not all rotated together. Milliseconds,
   * counted from accept (to within {@link sweepIntervalMs}); `Infinity` (default) turns it off.
   * Anchor: gRPC's `MAX_CONNECTION_AGE` (`grpc.max_connection_age_ms`; grpc-go
   * `keepalive.ServerParameters.MaxConnectionAge`), with the same ±10 % jitter.
   */
  readonly maxConnectionAgeMs: number;
  /**
   * After the GOAWAY of {@link maxConnectionAgeMs}, how long calls still running may take before
   * they are cancelled and the connection closed. Milliseconds; `Infinity` (default): wait for
   * them, however long; 0 cancels them at once. Anchor: gRPC's `MAX_CONNECTION_AGE_GRACE`
   * (`grpc.max_connection_age_grace_ms`, infinite by default).
   */
  readonly maxConnectionAgeGraceMs: number;
  /**
   * A connection that has had no call open for this long gets GOAWAY and is closed (it has no
   * call to wait for); the client dials again on its next call. Idle means no stream open: PINGs
   * do not count as activity. Milliseconds, counted from the end of the connection's last call
   * (or its accept), to within {@link sweepIntervalMs}; `Infinity` (default) turns it off.
   * Anchor: gRPC's `MAX_CONNECTION_IDLE` (`grpc.max_connection_idle_ms`).
   */
  readonly maxConnectionIdleMs: number;
}

/** The defaults of {@link ConnectionLifecycle}: every limit off. */
export const defaultConnectionLifecycle: ConnectionLifecycle = {
  maxConnectionAgeMs: Infinity,
  maxConnectionAgeGraceMs: Infinity,
  maxConnectionIdleMs: Infinity,
};

/** The spread of {@link ConnectionLifecycle.maxConnectionAgeMs}: ±10 %, as gRPC. */
export const AGE_JITTER = 0.1;

/**
 * Fills in defaults; throws a `RangeError` naming the option on a bad value (at construction).
 * Age and idle limits must be positive — 0 would GOAWAY every connection as it opens, and clients
 * would reconnect in a loop — the grace may be 0 (cancel at the GOAWAY).
 */
export function verifyConnectionLifecycle(input: { readonly [K in keyof ConnectionLifecycle]?: number | undefined }): ConnectionLifecycle {
  const out = { ...defaultConnectionLifecycle };
  for (const name of Object.keys(defaultConnectionLifecycle) as (keyof ConnectionLifecycle)[]) {
    const value = input[name] ?? defaultConnectionLifecycle[name];
    const least = name === "maxConnectionAgeGraceMs" ? 0 : Number.MIN_VALUE;
    if (typeof value !== "number" || Number.isNaN(value) || value < least) {
      const what = least === 0 ? "a non-negative number of milliseconds" : "a positive number of milliseconds";
      throw new RangeError(`${name} must be ${what} or Infinity (off), got ${String(value)}`);
    }
    out[name] = value;
  }
  return out;
}

/** Whether any limit is on, i.e. whether the server needs to sweep its connections at all. */
export function lifecycleEnabled(lifecycle: ConnectionLifecycle): boolean {
  return lifecycle.maxConnectionAgeMs !== Infinity || lifecycle.maxConnectionIdleMs !== Infinity;
}

/** One connection's age limit: `ageMs` × a factor in [0.9, 1.1] drawn from `random` (in [0, 1)). */
export function jitteredAge(ageMs: number, random: () => number = Math.random): number {
  if (ageMs === Infinity) return Infinity;
  return ageMs * (1 - AGE_JITTER + 2 * AGE_JITTER * random());
}

/** Longest and shortest pause between two sweeps, ms. */
const MAX_SWEEP_MS = 1000;
const MIN_SWEEP_MS = 10;

/**
 * How often the server checks its connections: a tenth of the shortest limit (its shortest jittered
 * age, the idle limit, a non-zero grace), between 10 ms and 1 s. A limit thus fires at most a tenth
 * late (a second for limits over 10 s), and a server with 10,000 connections spends one pass over
 * them per second, with no timer per connection (a call costs one map lookup, and only when a
 * limit is on).
 */
export function sweepIntervalMs(lifecycle: ConnectionLifecycle): number {
  const grace = lifecycle.maxConnectionAgeGraceMs;
  const shortest = Math.min(lifecycle.maxConnectionAgeMs * (1 - AGE_JITTER), lifecycle.maxConnectionIdleMs, grace > 0 ? grace : Infinity);
  return Math.min(MAX_SWEEP_MS, Math.max(MIN_SWEEP_MS, shortest / 10));
}
