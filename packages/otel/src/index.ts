/**
 * `@strand/otel`: OpenTelemetry tracing and metrics for Strand calls, as a client and a server
 * interceptor. `@opentelemetry/api` is a peer dependency: the application brings the SDK
 * (providers, exporters, context manager, propagator) and this package only speaks the API.
 * Browser-safe: no Bun or Node API.
 */
export { otelClientInterceptor } from "./client-interceptor.ts";
export { otelServerInterceptor } from "./server-interceptor.ts";
export type { OtelClientOptions, OtelOptions, OtelServerOptions } from "./otel-options.ts";
export { INSTRUMENTATION_SCOPE } from "./instruments.ts";
export {
  ATTR_ERROR_TYPE,
  ATTR_NETWORK_PEER_ADDRESS,
  ATTR_NETWORK_PEER_PORT,
  ATTR_RPC_MESSAGE_ID,
  ATTR_RPC_MESSAGE_TYPE,
  ATTR_RPC_METHOD,
  ATTR_RPC_STATUS_CODE,
  ATTR_RPC_SYSTEM_NAME,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  DURATION_BUCKETS_SECONDS,
  EVENT_RPC_MESSAGE,
  METRIC_RPC_CLIENT_CALL_DURATION,
  METRIC_RPC_SERVER_CALL_DURATION,
  STRAND_RPC_SYSTEM,
} from "./semconv.ts";
