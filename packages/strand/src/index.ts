/**
 * `strand` — the one package Strand users import: the server and channel (Bun TCP, TLS, unix
 * sockets) and the typed client, errors, codes and metadata of the RPC layer. The standard error
 * detail types are a separate entry, `strand/errors`, so that only users of them bundle them; the
 * health service's generated types (for clients of it) are `strand/health`.
 */
export { createWebChannel, registerResolver } from "@strand/tcp";
export { createChannel, type ChannelOptions } from "./channel.ts";
export type { LoadBalancingPolicy, ReadinessCheck, ResolvedAddress, Resolver, ResolverFactory, ResolverListener, ResolverOptions, ResolverTarget } from "@strand/tcp";
export { createServer, type Server, type ServerOptions } from "./server.ts";
export type { CloseOptions } from "./server-close.ts";
export { closeOnSignal, type Closable, type CloseOnSignalOptions, type CloseOutcome } from "./close-on-signal.ts";
export type { ServerHealth, ServingStatusInput } from "./health/health-registry.ts";
export type { CompressionOptions } from "@strand/tcp";
export type { Compression, CompressionAlgorithm } from "@strand/rpc";
export type { ReflectionOption, ReflectionOptions } from "./reflection/serve-reflection.ts";
export type { WebChannelOptions, WebSocketAccessOptions, WebSocketAddress, WebSocketEndpoint } from "@strand/tcp";
export type { BoundAddress, Channel, ConnectionLimits, ListenAddress, ServerListenAddress, SocketOptions } from "@strand/tcp";
export type { ConnectionFigures, ConnectionInfo, ConnectionLifecycle, ConnectionTotals, ListenerInfo, ServerCloseOptions } from "@strand/tcp";
export {
  Code,
  codeName,
  consoleLogger,
  createClient,
  createConsoleLogger,
  errorDetail,
  Metadata,
  method,
  retryInterceptor,
  RpcError,
  service,
  silentLogger,
} from "@strand/rpc";
export type {
  ByteSink,
  CallOptions,
  CertificateName,
  Client,
  ClientOptions,
  DetailJson,
  DetailRegistry,
  DetailType,
  ErrorDetail,
  HandlerContext,
  IdempotencyLevel,
  Interceptor,
  LogFields,
  Logger,
  LogLevel,
  MessageCodec,
  MessageEncoder,
  MessageInit,
  MetadataInit,
  MethodDescriptor,
  MethodKind,
  PeerCertificate,
  PushBidiStreamingHandler,
  PushServerStreamingHandler,
  ResponseWriter,
  RetryOptions,
  RpcErrorJson,
  RpcErrorOptions,
  ServerInterceptor,
  ServiceDescriptor,
  ServiceHandlers,
  UpgradeRequest,
} from "@strand/rpc";
export type { WireConfig, WireConfigInput } from "@strand/wire";
export {
  durationFromMs,
  durationToMs,
  timestampFromDate,
  timestampFromMs,
  timestampNow,
  timestampToDate,
  timestampToMs,
} from "@strand/protobuf";
export type { DurationShape, JsonValue, TimestampShape } from "@strand/protobuf";
