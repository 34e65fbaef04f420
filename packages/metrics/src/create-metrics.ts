import { Registry } from "prom-client";
import type { Interceptor, ServerInterceptor } from "@strand/rpc";
import { CallInstruments } from "./call-instruments.ts";
import { metricsClientInterceptor } from "./client-interceptor.ts";
import { verifyMetricsOptions, type MetricsOptions } from "./metrics-options.ts";
import { MethodLabelCache } from "./method-labels.ts";
import { metricsServerInterceptor } from "./server-interceptor.ts";
import { Watched, type WatchableChannel, type WatchableServer } from "./watched.ts";

/** What `createMetrics` returns. */
export interface Metrics {
  /** The registry every metric is in: serve `await registry.metrics()` (content type `registry.contentType`) on `/metrics`. */
  readonly registry: Registry;
  /** Put it in `createServer({ interceptors })`, first, so that its time covers the other interceptors. */
  readonly serverInterceptor: ServerInterceptor;
  /** Put it in `createClient(…, { interceptors })`, first, so that a retried call counts once. */
  readonly clientInterceptor: Interceptor;
  /**
   * Reports a server's connection and handler figures, or a channel's state, at every scrape
   * (read then, not kept up to date). Returns a function that stops watching it.
   */
  watch(target: WatchableServer | WatchableChannel): () => void;
}

/**
 * Creates Strand's Prometheus metrics in `options.registry` (a new registry when omitted). Metric
 * names are fixed per registry: a second `createMetrics` on the same registry throws prom-client's
 * "already registered" error — share one `Metrics` between servers and clients instead.
 */
export function createMetrics(options: MetricsOptions = {}): Metrics {
  const config = verifyMetricsOptions(options);
  const registry = config.registry ?? new Registry();
  const labels = new MethodLabelCache();
  const server = new CallInstruments("server", config.prefix, registry, config.buckets);
  const client = new CallInstruments("client", config.prefix, registry, config.buckets);
  const watched = new Watched(config.prefix, registry);
  return {
    registry,
    serverInterceptor: metricsServerInterceptor(server, labels),
    clientInterceptor: metricsClientInterceptor(client, labels),
    watch: (target) => watched.add(target),
  };
}
