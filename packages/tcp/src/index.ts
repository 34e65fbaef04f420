/**
 * @strand/tcp — the only Bun-specific code: Bun TCP, TLS and unix sockets as Strand wire sessions.
 */
export { connectWire } from "./wire-connect.ts";
export type { DialAddress, WireConnectOptions } from "./wire-connect.ts";
export { listenWire } from "./wire-listener.ts";
export type { ListenAddress, WireListener, WireListenOptions } from "./wire-listener.ts";
export { SocketChannel } from "./socket-channel.ts";
export type { ConnectionData } from "./socket-channel.ts";
