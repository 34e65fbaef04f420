/**
 * `@strand/wire/internal`: exported for tests, conformance tools and other implementations of the
 * protocol, not part of the API transports build on (it may change without notice): the frame
 * codec and payload codecs of PROTOCOL.md, and the building blocks a session is made of.
 */
export { Flag, FRAME_HEADER_LENGTH, FrameType, MAX_STREAM_ID, MESSAGE_CREDIT, PREFACE_LENGTH, PREFACE_MAGIC, SettingId } from "./constants.ts";
export { checkPing, decodeGoAway, decodeRstStream, decodeWindowUpdate, encodeGoAway, encodeRstStream, encodeWindowUpdate } from "./control-payloads.ts";
export { encodeFrame, readU32, writeFrameHeader, writeU32 } from "./frame.ts";
export type { Frame } from "./frame.ts";
export { FrameDecoder } from "./frame-decoder.ts";
export { checkPreface, encodePreface, PrefaceReader } from "./preface.ts";
export { decodeSettings, encodeSettings } from "./settings.ts";
export { batchEntryEnd, headersBlockLength, headersWithMessageSize, LENGTH_PREFIX, readBatchLength, writeBatchEntry, writeHeadersWithMessage } from "./message-layout.ts";
export { MAX_WINDOW_SIZE, Window } from "./window.ts";
export { canQueue, canReceive, endQueued, initialStreamState, isClosed, Local, localSide, nextStreamState, Remote, remoteEnded, remoteSide, StreamEvent, streamStateName } from "./stream-state.ts";
export type { StreamState } from "./stream-state.ts";
export type { StreamHost } from "./stream-host.ts";
