/** Test helpers for code built on @strand/wire: in-memory channels with fault injection. */
export { createMemoryChannelPair } from "./memory-channel.ts";
export type { ChannelSink, MemoryChannel, MemoryChannelOptions } from "./memory-channel.ts";
export { createSessionPair } from "./session-pair.ts";
export type { SessionPair, SessionPairOptions } from "./session-pair.ts";
export { createRawPeer, createRawPeerPair, rawFrame } from "./raw-peer.ts";
export type { RawPeer, RawPeerInput, RawPeerPairOptions } from "./raw-peer.ts";
