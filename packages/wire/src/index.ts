/**
 * @strand/wire — the Strand protocol over an abstract byte channel: sessions, streams, flow
 * control, keep-alive and limits. No Bun APIs, no protobuf, no RPC semantics. This entry is what
 * a transport needs (a session over its channel, streams, errors, configuration); the frame codec
 * and the protocol's building blocks are behind `@strand/wire/internal`, test helpers behind
 * `@strand/wire/testing`.
 */
export type { ByteChannel } from "./byte-channel.ts";
export { compressionBit, compressionName } from "./compression.ts";
export type { CompressionCodec, MessageCompression } from "./compression.ts";
export { defaultWireConfig, verifyWireConfig } from "./config.ts";
export type { WireConfig, WireConfigInput } from "./config.ts";
export { ALL_COMPRESSION, CompressionId, PROTOCOL_DEFAULTS, PROTOCOL_VERSION } from "./constants.ts";
export type { GoAway } from "./control-payloads.ts";
export { ErrorCode, errorCodeFrom, errorCodeName } from "./error-code.ts";
export { messageCompression } from "./message-compression.ts";
export { encodeRefusal, isRefusal } from "./refusal.ts";
export { arrivedAlone, respondWith } from "./respond-with.ts";
export { Session } from "./session.ts";
export type { SessionDiagnostics, SessionObserver, SessionOptions, SessionState } from "./session-options.ts";
export type { LastWireError, SessionCounters } from "./session-counters.ts";
export type { Settings, SettingsInit } from "./settings.ts";
export { WireStream } from "./stream.ts";
export type { HeadersOptions, StreamListener } from "./stream-host.ts";
export type { ByteSink, MessageEncoder } from "./message-encoder.ts";
export type { Role } from "./stream-table.ts";
export { WireError } from "./wire-error.ts";
export type { ErrorInitiator, ErrorScope, WireErrorOptions } from "./wire-error.ts";
