/**
 * The OpenTelemetry SDK as an application would set it up, with in-memory exporters, for tests:
 * a tracer provider whose spans land in an `InMemorySpanExporter`, a meter provider read on
 * demand, and (process-wide) the AsyncLocalStorage context manager and the W3C propagator.
 */
import { context, metrics, propagation, trace, type SpanContext } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { MeterProvider, MetricReader, type DataPoint, type Histogram } from "@opentelemetry/sdk-metrics";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from "@opentelemetry/sdk-trace-base";

/** A metric reader that exports nowhere: tests `collect()` from it. */
class CollectingReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

/** One histogram's data points with the instrument's unit. */
export interface HistogramReading {
  readonly unit: string;
  readonly points: DataPoint<Histogram>[];
}

/** Providers with in-memory export, and ways to read what they got. */
export class OtelHarness {
  readonly exporter = new InMemorySpanExporter();
  readonly tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(this.exporter)] });
  readonly reader = new CollectingReader();
  readonly meterProvider = new MeterProvider({ readers: [this.reader] });

  /** Every ended span so far, in the order they ended. */
  spans(): ReadableSpan[] {
    return this.exporter.getFinishedSpans();
  }

  /** The one ended span named `name` of `kind`; throws if there is not exactly one. */
  span(name: string, kind: number): ReadableSpan {
    const found = this.spans().filter((s) => s.name === name && s.kind === kind);
    if (found.length !== 1) throw new Error(`expected one span ${name} of kind ${kind}, found ${found.length}: ${this.spans().map((s) => `${s.name}/${s.kind}`).join(", ")}`);
    return found[0]!;
  }

  /** Waits until `count` spans have ended (server spans of abandoned streams end a little after the client's). */
  async waitForSpans(count: number, timeoutMs = 2_000): Promise<ReadableSpan[]> {
    const until = Date.now() + timeoutMs;
    while (this.spans().length < count) {
      if (Date.now() > until) throw new Error(`expected ${count} spans, got ${this.spans().length}`);
      await Bun.sleep(5);
    }
    return this.spans();
  }

  /** The data points of histogram `name` (collected now), or `undefined` if nothing was recorded. */
  async histogram(name: string): Promise<HistogramReading | undefined> {
    const { resourceMetrics } = await this.reader.collect();
    for (const scope of resourceMetrics.scopeMetrics) {
      for (const metric of scope.metrics) {
        if (metric.descriptor.name === name) return { unit: metric.descriptor.unit, points: metric.dataPoints as DataPoint<Histogram>[] };
      }
    }
    return undefined;
  }

  async shutdown(): Promise<void> {
    await this.tracerProvider.shutdown();
    await this.meterProvider.shutdown();
  }
}

/**
 * Installs the AsyncLocalStorage context manager and the W3C trace-context propagator globally,
 * as `NodeSDK` / `provider.register()` would; the returned function removes them again.
 */
export function installOtelGlobals(): () => void {
  const manager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(manager);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  return () => {
    context.disable();
    propagation.disable();
    trace.disable();
    metrics.disable();
  };
}

/** Span duration in milliseconds. */
export function durationMs(span: ReadableSpan): number {
  return span.duration[0] * 1000 + span.duration[1] / 1e6;
}

/** The parent span ID of `span`, if any. */
export function parentId(span: ReadableSpan): string | undefined {
  return span.parentSpanContext?.spanId;
}

/** `span`'s own context. */
export function contextOf(span: ReadableSpan): SpanContext {
  return span.spanContext();
}
