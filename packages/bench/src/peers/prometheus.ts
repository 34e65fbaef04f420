/**
 * Prometheus metrics for the `strand-metrics` and `strand-observed` peers, run as a service runs
 * them: one `createMetrics()` per process (`@strand/metrics`, prom-client inside), its registry
 * rendered as Prometheus text once a second, as a scrape of `/metrics` would render it — so the
 * figures include collection (the `watch` gauges are read then) and exposition, not only the
 * interceptors' counting. The text is dropped, as the OpenTelemetry exporters drop theirs: no HTTP
 * endpoint, whose cost is the server's and not the metrics'. Loaded only by those peers' processes.
 */
import { createMetrics, type Metrics } from "@strand/metrics";

/** Every second: more often than Prometheus is usually set to scrape (15 s–1 min), so an upper bound. */
const SCRAPE_INTERVAL_MS = 1_000;

/**
 * Creates the process's metrics and starts scraping them. The timer does not keep the process
 * alive (workers exit when their stdin closes); a failed scrape rejects unhandled and ends the
 * worker, which the orchestrator reports, rather than measuring a peer that stopped scraping.
 */
export function installMetrics(): Metrics {
  const metrics = createMetrics();
  setInterval(() => void metrics.registry.metrics(), SCRAPE_INTERVAL_MS).unref();
  return metrics;
}
