import { metrics, trace, type Histogram, type Tracer } from "@opentelemetry/api";
import type { OtelOptions } from "./otel-options.ts";
import { DURATION_BUCKETS_SECONDS, METRIC_RPC_CLIENT_CALL_DURATION, METRIC_RPC_SERVER_CALL_DURATION } from "./semconv.ts";

/** The instrumentation scope name of every tracer and meter this package creates. */
export const INSTRUMENTATION_SCOPE = "@strand/otel";

/** What one interceptor records with: its tracer and its duration histogram. */
export interface Instruments {
  readonly tracer: Tracer;
  readonly duration: Histogram;
}

/**
 * The tracer and histogram of one interceptor, created on its first call and kept: once per
 * interceptor, never per call. Not at construction, because the global meter provider has no
 * proxy — a histogram taken from it before the SDK registers would stay a no-op forever.
 */
export function lazyInstruments(side: "client" | "server", options: OtelOptions): () => Instruments {
  let made: Instruments | undefined;
  return () => (made ??= createInstruments(side, options));
}

function createInstruments(side: "client" | "server", options: OtelOptions): Instruments {
  const tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(INSTRUMENTATION_SCOPE);
  const meter = (options.meterProvider ?? metrics.getMeterProvider()).getMeter(INSTRUMENTATION_SCOPE);
  const client = side === "client";
  const duration = meter.createHistogram(client ? METRIC_RPC_CLIENT_CALL_DURATION : METRIC_RPC_SERVER_CALL_DURATION, {
    unit: "s",
    description: client ? "Duration of outgoing RPCs, from the call to its status." : "Duration of incoming RPCs, from the request to the response's end.",
    advice: { explicitBucketBoundaries: [...DURATION_BUCKETS_SECONDS] },
  });
  return { tracer, duration };
}
