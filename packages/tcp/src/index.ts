/**
 * @strand/tcp — the only Bun-specific code: Bun TCP, TLS and unix sockets as Strand wire
 * sessions, the RPC server and the client channel built on them.
 */
export { createServer } from "./server.ts";
export type { BoundAddress, Server, ServerListenAddress, ServerOptions } from "./server.ts";
export type { ConnectionFigures } from "./connection-figures.ts";
export type { ConnectionTotals } from "./connection-events.ts";
export type { ConnectionInfo, ListenerInfo } from "./connection-list.ts";
export type { WebSocketAccessOptions, WebSocketEndpoint } from "./ws-endpoint.ts";
export type { WebSocketAddress } from "./ws-listener.ts";
export { createChannel } from "./channel.ts";
export { createWebChannel } from "./web-channel.ts";
export type { WebChannelOptions } from "./web-channel.ts";
export type { Channel, ChannelOptions } from "./channel.ts";
export { registerResolver } from "./resolver-registry.ts";
export type { ResolvedAddress, Resolver, ResolverFactory, ResolverListener, ResolverOptions, ResolverTarget } from "./resolver.ts";
export { DEFAULT_RESOLVE_INTERVAL_MS } from "./resolution-options.ts";
export type { ResolutionOptions } from "./resolution-options.ts";
export type { LoadBalancingPolicy } from "./load-balancer.ts";
export type { ReadinessCheck } from "./readiness-check.ts";
export { Backoff, defaultBackoff, verifyBackoff } from "./backoff.ts";
export type { BackoffOptions } from "./backoff.ts";
export { parseTargets } from "./target.ts";
export { connectWire } from "./wire-connect.ts";
export type { DialAddress, WireConnectOptions } from "./wire-connect.ts";
export { listenWire } from "./wire-listener.ts";
export type { ListenAddress, StreamRoute, WireListener, WireListenOptions } from "./wire-listener.ts";
export { ConnectionBudget, defaultConnectionLimits, verifyConnectionLimits } from "./connection-limits.ts";
export type { ConnectionLimits, Refusal } from "./connection-limits.ts";
export { defaultConnectionLifecycle, jitteredAge, verifyConnectionLifecycle } from "./connection-lifecycle.ts";
export type { ConnectionLifecycle } from "./connection-lifecycle.ts";
export { verifyDurationMs } from "./close-options.ts";
export type { ServerCloseOptions } from "./close-options.ts";
export { defaultSocketOptions, verifySocketOptions } from "./socket-options.ts";
export type { SocketOptions } from "./socket-options.ts";
export { compressionConfig, defaultCompressionOptions } from "./compression-options.ts";
export type { CompressionOptions } from "./compression-options.ts";
export { zlibCodec } from "./zlib-codec.ts";
export { SocketChannel } from "./socket-channel.ts";
export type { ConnectionData, ConnectionPhase } from "./socket-channel.ts";
