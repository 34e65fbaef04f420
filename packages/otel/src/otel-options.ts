import type { MeterProvider, TracerProvider } from "@opentelemetry/api";

/** Options of both interceptors. */
export interface OtelOptions {
  /**
   * Where spans go. Default: the global provider (`trace.setGlobalTracerProvider`, which the SDK's
   * `register()` / `NodeSDK.start()` call), looked up at the interceptor's first call — so an
   * interceptor created before the SDK starts still reports to it.
   */
  readonly tracerProvider?: TracerProvider;
  /**
   * Where the `rpc.client.call.duration` / `rpc.server.call.duration` histograms go. Default: the
   * global meter provider, looked up at the interceptor's first call (as for `tracerProvider`).
   */
  readonly meterProvider?: MeterProvider;
  /**
   * Adds an `rpc.message` span event (`rpc.message.type` `SENT`/`RECEIVED`, `rpc.message.id`
   * 1, 2, …) per message of a streaming request or response; never for the single message of a
   * unary side, as the conventions say. One event per message adds up on long streams. Default:
   * `false`.
   */
  readonly messageEvents?: boolean;
}

/** Options of `otelClientInterceptor`. */
export type OtelClientOptions = OtelOptions;

/** Options of `otelServerInterceptor`. */
export interface OtelServerOptions extends OtelOptions {
  /**
   * Whether the trace context a client sends (W3C `traceparent` / `tracestate` metadata) becomes
   * the parent of the server span. Turn it on where callers are your own services; leave it off at
   * an edge that untrusted clients reach, so they cannot choose your trace IDs or sampling: the
   * server span then starts a new trace and carries the caller's span context as a span link (the
   * conventions' advice for untrusted input), and W3C baggage from the caller, if a baggage
   * propagator is registered, is dropped as well. Default: `false`.
   */
  readonly trustIncomingContext?: boolean;
}

/** Throws a `TypeError` naming the option on a bad value, when the interceptor is created. */
export function verifyOtelOptions(options: OtelServerOptions, where: string): void {
  if (typeof options !== "object" || options === null) throw new TypeError(`${where}: options must be an object`);
  for (const flag of ["messageEvents", "trustIncomingContext"] as const) {
    const value: unknown = options[flag];
    if (value !== undefined && typeof value !== "boolean") throw new TypeError(`${where}: ${flag} must be a boolean, got ${typeof value}`);
  }
  const tracer: unknown = options.tracerProvider;
  if (tracer !== undefined && typeof (tracer as Partial<TracerProvider>).getTracer !== "function") {
    throw new TypeError(`${where}: tracerProvider must have getTracer()`);
  }
  const meter: unknown = options.meterProvider;
  if (meter !== undefined && typeof (meter as Partial<MeterProvider>).getMeter !== "function") {
    throw new TypeError(`${where}: meterProvider must have getMeter()`);
  }
}
