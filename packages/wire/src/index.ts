/**
 * @strand/wire — the Strand protocol over an abstract byte channel: frames, sessions, streams,
 * flow control, keep-alive and limits. No Bun APIs, no protobuf, no RPC semantics.
 */
export type { ByteChannel } from "./byte-channel.ts";
export { defaultWireConfig, verifyWireConfig } from "./config.ts";
export type { WireConfig, WireConfigInput } from "./config.ts";
export {
  Flag,
  FRAME_HEADER_LENGTH,
  FrameType,
  MAX_STREAM_ID,
  PREFACE_LENGTH,
  PREFACE_MAGIC,
  PROTOCOL_DEFAULTS,
  PROTOCOL_VERSION,
  SettingId,
} from "./constants.ts";
export { decodeGoAway, encodeGoAway, encodeRstStream, encodeWindowUpdate } from "./control-payloads.ts";
export type { GoAway } from "./control-payloads.ts";
export { ErrorCode, errorCodeFrom, errorCodeName } from "./error-code.ts";
export { encodeFrame, writeFrameHeader } from "./frame.ts";
export type { Frame } from "./frame.ts";
export { FrameDecoder } from "./frame-decoder.ts";
export { encodePreface } from "./preface.ts";
export { Session } from "./session.ts";
export type { SessionDiagnostics, SessionOptions, SessionState } from "./session-options.ts";
export { encodeSettings } from "./settings.ts";
export type { Settings } from "./settings.ts";
export { WireStream } from "./stream.ts";
export type { HeadersOptions, StreamListener } from "./stream.ts";
export type { ByteSink, MessageEncoder } from "./message-encoder.ts";
export type { Role } from "./stream-table.ts";
export { WireError } from "./wire-error.ts";
export type { ErrorInitiator, ErrorScope, WireErrorOptions } from "./wire-error.ts";
