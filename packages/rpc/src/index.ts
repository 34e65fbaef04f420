/**
 * `@strand/rpc`: transport-agnostic call semantics. Re-exports by name. Test helpers (the
 * in-memory transport, a hand-written test service) live behind `@strand/rpc/testing`; the
 * header-block codec and the propagation store, which only transports and conformance tests
 * need, behind `@strand/rpc/internal`.
 */
// The surface generated code uses (descriptor builders, Client and ServiceHandlers types) is
// listed once, in descriptors.ts, which is also the browser-safe `@strand/rpc/descriptors` entry.
export * from "./descriptors.ts";
export { Code, codeFromName, codeName, isCode } from "./code.ts";
export { RpcError, type RpcErrorOptions } from "./rpc-error.ts";
export { errorDetail, type DetailType, type ErrorDetail } from "./error-detail.ts";
export type { DetailJson, DetailRegistry, RpcErrorJson } from "./error-json.ts";
export { Metadata, type MetadataInit, type MetadataValue } from "./metadata.ts";
export type { CallOptions } from "./call-options.ts";
export { COMPRESSION_ALGORITHMS, isCompressionAlgorithm, verifyCompression, type Compression, type CompressionAlgorithm } from "./compression.ts";
export type { HandlerContext } from "./handler-context.ts";
export type { CertificateName, PeerCertificate } from "./peer-certificate.ts";
export type { UpgradeRequest } from "./upgrade-request.ts";
export { createClient } from "./client.ts";
export { defaultClientOptions, verifyClientOptions, type ClientOptions } from "./client-options.ts";
export { defaultServerOptions, verifyServerOptions, type ServerOptions } from "./server-options.ts";
export { defaultLimits, verifyLimits, type Limits } from "./limits.ts";
export { consoleLogger, createConsoleLogger, isLogger, logAt, type LogFields, type Logger, type LogLevel, logSafely, silentLogger } from "./logger.ts";
export { Router, type RouteEntry } from "./router.ts";
export { Dispatcher } from "./dispatcher.ts";
export { HandlerTally } from "./handler-tally.ts";
export {
  applyInterceptors,
  type CallFn,
  type CallRequest,
  type CallResponse,
  type Interceptor,
  type StreamRequest,
  type StreamResponse,
  type UnaryRequest,
  type UnaryResponse,
} from "./interceptor.ts";
export {
  applyServerInterceptors,
  type ServerCallFn,
  type ServerInterceptor,
  type ServerRequest,
  type ServerResponse,
  type ServerStreamRequest,
  type ServerStreamResponse,
  type ServerUnaryRequest,
  type ServerUnaryResponse,
} from "./server-interceptor.ts";
export type {
  CallAcceptor,
  CancelReason,
  ClientCallListener,
  ClientTransportCall,
  OpenCall,
  ServerCallListener,
  ServerTransportCall,
  Transport,
} from "./transport.ts";
export { defaultRetryOptions, retryInterceptor, verifyRetryOptions, type RetryOptions } from "./retry-interceptor.ts";
export { whenStreamEnds } from "./stream-end.ts";
