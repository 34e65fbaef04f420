/**
 * OpenTelemetry for the `strand-otel` and `strand-observed` peers, set up as a service would run
 * it: the global AsyncLocalStorage context manager and W3C propagator, a tracer provider with the
 * production span processor (`BatchSpanProcessor`, its defaults) and a meter provider with a
 * periodic reader, both exporting to exporters that count and discard — so the figures are what tracing and metrics
 * cost the process (spans, attributes, propagation, batching, histogram aggregation), not what a
 * network exporter would. Loaded only by the processes of those peers.
 */
import { context, metrics, propagation, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { ExportResultCode, W3CTraceContextPropagator, type ExportResult } from "@opentelemetry/core";
import { MeterProvider, PeriodicExportingMetricReader, type PushMetricExporter } from "@opentelemetry/sdk-metrics";
import { BasicTracerProvider, BatchSpanProcessor, type ReadableSpan, type SpanExporter } from "@opentelemetry/sdk-trace-base";

/** Counts the spans it is handed and drops them. */
class DiscardingSpanExporter implements SpanExporter {
  exported = 0;
  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.exported += spans.length;
    done({ code: ExportResultCode.SUCCESS });
  }
  async shutdown(): Promise<void> {}
}

/** Drops every collection. */
const discardingMetricExporter: PushMetricExporter = {
  export: (_metrics, done) => done({ code: ExportResultCode.SUCCESS }),
  forceFlush: async () => {},
  shutdown: async () => {},
};

/** What the peer's processes can report about their telemetry. */
export interface OtelInstall {
  /** Spans the batch processor exported so far (dropped ones, if its queue overflowed, are not counted). */
  exportedSpans(): number;
}

/** Registers the SDK globally; the interceptors (created without providers) report to it. */
export function installOtel(): OtelInstall {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  const spans = new DiscardingSpanExporter();
  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(spans)] }));
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [new PeriodicExportingMetricReader({ exporter: discardingMetricExporter, exportIntervalMillis: 1_000 })] }));
  return { exportedSpans: () => spans.exported };
}
