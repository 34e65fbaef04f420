import { context, propagation, SpanKind, trace } from "@opentelemetry/api";
import type { CallRequest, CallResponse, Interceptor } from "@strand/rpc/client";
import { CallRecord, now } from "./call-record.ts";
import { lazyInstruments } from "./instruments.ts";
import { metadataSetter } from "./metadata-carrier.ts";
import { MethodAttributesCache } from "./method-attributes.ts";
import { verifyOtelOptions, type OtelClientOptions } from "./otel-options.ts";
import { countMessages, watchClientResponses } from "./stream-watchers.ts";

/**
 * OpenTelemetry for a client: one CLIENT span per call, named `pkg.Service/Method`, a child of
 * the active context (inside a handler: the server span of the call being handled), carrying
 * `rpc.system.name` (`"strand"`), `rpc.method`, `server.address` / `server.port` (from the
 * channel's target) and, at the end, `rpc.status_code`; any status but OK marks it ERROR with
 * `error.type`. The span's context goes to the server in the request metadata through the global
 * propagator (W3C `traceparent` / `tracestate` with the SDK's defaults). Each call also records
 * `rpc.client.call.duration` (seconds). A streaming call's span lasts until its response stream
 * ends, fails or is left.
 *
 * Put it first in `interceptors` so that its span covers the others (a retry interceptor's
 * attempts then form one span, as the conventions ask); inner interceptors run with the span active.
 */
export function otelClientInterceptor(options: OtelClientOptions = {}): Interceptor {
  verifyOtelOptions(options, "otelClientInterceptor");
  const instruments = lazyInstruments("client", options);
  const cache = new MethodAttributesCache("client");
  const events = options.messageEvents === true;
  return (next) => (req: CallRequest): Promise<CallResponse> => {
    const { tracer, duration } = instruments();
    const attributes = cache.of(req.method, req.target);
    const startedAt = now();
    const parent = context.active();
    const span = tracer.startSpan(attributes.spanName, { kind: SpanKind.CLIENT, attributes: attributes.start, startTime: startedAt }, parent);
    const active = trace.setSpan(parent, span);
    propagation.inject(active, req.header, metadataSetter);
    const record = new CallRecord(span, "client", startedAt, attributes, duration, events);
    if (req.stream && events) req.messages = countMessages(req.messages, () => record.sent());
    return record.within(active, next, req).then(
      (res) => {
        if (!res.stream) record.end(undefined);
        else res.messages = watchClientResponses(res.messages, record);
        return res;
      },
      (error: unknown) => {
        record.end(error);
        throw error;
      },
    );
  };
}
