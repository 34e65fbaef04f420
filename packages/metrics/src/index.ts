/**
 * `@strand/metrics`: Prometheus metrics for Strand (prom-client). `createMetrics()` gives a
 * server and a client interceptor (go-grpc-prometheus' per-method counters and histograms) and
 * `watch(server | channel)` for connection figures read at scrape time. Re-exports by name.
 */
export { createMetrics, type Metrics } from "./create-metrics.ts";
export { defaultBuckets, type MetricsOptions } from "./metrics-options.ts";
export type { WatchableChannel, WatchableServer } from "./watched.ts";
export type { CallType } from "./method-labels.ts";
