import { propagation, ROOT_CONTEXT, SpanKind, trace, isSpanContextValid, type Context, type SpanOptions } from "@opentelemetry/api";
import type { ServerInterceptor, ServerRequest, ServerResponse } from "@strand/rpc";
import { CallRecord, now } from "./call-record.ts";
import { lazyInstruments } from "./instruments.ts";
import { metadataGetter } from "./metadata-carrier.ts";
import { MethodAttributesCache } from "./method-attributes.ts";
import { verifyOtelOptions, type OtelServerOptions } from "./otel-options.ts";
import { PeerAddressCache } from "./peer-address.ts";
import { ATTR_NETWORK_PEER_ADDRESS, ATTR_NETWORK_PEER_PORT } from "./semconv.ts";
import { abortReason, countMessages, watchServerResponses } from "./stream-watchers.ts";

/**
 * OpenTelemetry for a server: one SERVER span per call, named `pkg.Service/Method`, active while
 * the handler runs — for all four call kinds, generators included — so calls the handler makes
 * with an `otelClientInterceptor` client become its children. It carries `rpc.system.name`
 * (`"strand"`), `rpc.method`, `network.peer.address` / `network.peer.port` and, at the end,
 * `rpc.status_code`; only server faults (`UNKNOWN`, `DEADLINE_EXCEEDED`, `UNIMPLEMENTED`,
 * `INTERNAL`, `UNAVAILABLE`, `DATA_LOSS`) mark it ERROR with `error.type`, as gRPC's conventions
 * say — a `NotFound` is the server doing its job. Each call records `rpc.server.call.duration`
 * (seconds); a streaming call's span lasts until its response stream ends.
 *
 * The caller's trace context (read from the request metadata by the global propagator) is the
 * parent only with `trustIncomingContext: true`; otherwise the span starts a new trace linked to it.
 * Put it first in `interceptors`, so that its span covers the others (an auth rejection included).
 */
export function otelServerInterceptor(options: OtelServerOptions = {}): ServerInterceptor {
  verifyOtelOptions(options, "otelServerInterceptor");
  const instruments = lazyInstruments("server", options);
  const cache = new MethodAttributesCache("server");
  const peers = new PeerAddressCache();
  const events = options.messageEvents === true;
  const trust = options.trustIncomingContext === true;
  return (next) => (req: ServerRequest): Promise<ServerResponse> => {
    const { tracer, duration } = instruments();
    const attributes = cache.of(req.method, undefined);
    const startedAt = now();
    // From the root, not context.active(): the span's parent is the caller or nobody, never
    // whatever context the transport's socket callback happened to run in.
    const incoming = propagation.extract(ROOT_CONTEXT, req.header, metadataGetter);
    const parent: Context = trust ? incoming : ROOT_CONTEXT;
    const spanOptions: SpanOptions = { kind: SpanKind.SERVER, attributes: attributes.start, startTime: startedAt };
    if (!trust) {
      const remote = trace.getSpanContext(incoming);
      if (remote !== undefined && isSpanContextValid(remote)) spanOptions.links = [{ context: remote }];
    }
    const span = tracer.startSpan(attributes.spanName, spanOptions, parent);
    const peer = peers.of(req.ctx.peer);
    if (peer !== undefined) {
      span.setAttribute(ATTR_NETWORK_PEER_ADDRESS, peer.address);
      if (peer.port !== undefined) span.setAttribute(ATTR_NETWORK_PEER_PORT, peer.port);
    }
    const active = trace.setSpan(parent, span);
    const record = new CallRecord(span, "server", startedAt, attributes, duration, events);
    if (req.stream && events) req.messages = countMessages(req.messages, () => record.received());
    return record.within(active, next, req).then(
      (res) => {
        // A unary handler returned; if the call died meanwhile (deadline, cancel), that is its status.
        if (!res.stream) record.end(abortReason(req.ctx));
        else res.messages = watchServerResponses(res.messages, active, record, req.ctx);
        return res;
      },
      (error: unknown) => {
        record.end(error);
        throw error;
      },
    );
  };
}
