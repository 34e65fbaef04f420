import type { Registry } from "prom-client";

/** Options of `createMetrics`. */
export interface MetricsOptions {
  /**
   * The prom-client registry the metrics register in (scrape it with `await registry.metrics()`).
   * Default: a new `Registry` of the metrics' own, so nothing lands in prom-client's global one.
   */
  readonly registry?: Registry;
  /**
   * Upper bounds of the `*_handling_seconds` histogram buckets. Seconds, ascending; default
   * `[0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]` (Prometheus' default buckets, as
   * go-grpc-prometheus uses).
   */
  readonly buckets?: readonly number[];
  /** Prefix of every metric name; default `"strand_"`. Must match `[a-zA-Z_:][a-zA-Z0-9_:]*`. */
  readonly prefix?: string;
}

/** The options with their defaults filled in. */
export interface MetricsConfig {
  readonly registry: Registry | undefined;
  readonly buckets: readonly number[];
  readonly prefix: string;
}

/** Prometheus' default histogram buckets, in seconds. */
export const defaultBuckets: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Checks `options` at construction, so a bad bucket list fails at start-up, not at the first call. */
export function verifyMetricsOptions(options: MetricsOptions): MetricsConfig {
  const { registry, buckets = defaultBuckets, prefix = "strand_" } = options;
  if (!Array.isArray(buckets) || buckets.length === 0) throw new RangeError("createMetrics: buckets must be a non-empty array of seconds");
  for (let i = 0; i < buckets.length; i++) {
    const b: unknown = buckets[i];
    if (typeof b !== "number" || !Number.isFinite(b) || b <= 0) throw new RangeError(`createMetrics: buckets must be positive finite seconds, got ${String(b)}`);
    if (i > 0 && b <= (buckets[i - 1] as number)) throw new RangeError("createMetrics: buckets must be strictly ascending");
  }
  if (typeof prefix !== "string" || !/^([a-zA-Z_:][a-zA-Z0-9_:]*)?$/.test(prefix)) throw new RangeError(`createMetrics: prefix ${JSON.stringify(prefix)} is not a valid metric name prefix`);
  return { registry, buckets: [...buckets], prefix };
}
