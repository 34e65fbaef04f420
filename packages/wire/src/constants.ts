/**
 * Every number the Strand wire protocol puts on the wire, in one place (PROTOCOL.md §2–§5).
 * Changing any of these is a protocol version change.
 */

/** ASCII "STRAND": the first six bytes each side sends. */
export const PREFACE_MAGIC = new Uint8Array([0x53, 0x54, 0x52, 0x41, 0x4e, 0x44]);
/** Protocol version carried after the magic as a big-endian u16. */
export const PROTOCOL_VERSION = 1;
/** Magic plus version. */
export const PREFACE_LENGTH = 8;

/** length u24 · type u8 · flags u8 · stream id u32. */
export const FRAME_HEADER_LENGTH = 9;

/** Frame types (PROTOCOL.md §4). A type outside this set is a connection error. */
export enum FrameType {
  Data = 0x0,
  Headers = 0x1,
  RstStream = 0x2,
  Settings = 0x3,
  Ping = 0x4,
  GoAway = 0x5,
  WindowUpdate = 0x6,
}

/** Flag bits; their meaning depends on the frame type. */
export const Flag = {
  /** DATA, HEADERS: the sender will send nothing more on this stream. */
  EndStream: 0x1,
  /** DATA: this frame completes a message. */
  EndMessage: 0x2,
  /** DATA: first fragment of a multi-frame message; payload starts with the message's u32 length. */
  MessageStart: 0x4,
  /** DATA: the payload is one or more whole messages, each a u32 length and its bytes. */
  Batch: 0x8,
  /**
   * DATA (the frame that starts a message: a whole one, or MESSAGE_START) and HEADERS (with
   * WITH_MESSAGE): the message is compressed — its first byte names the algorithm
   * ({@link CompressionId}), the rest is the compressed bytes. Sent only to a peer that accepts
   * that algorithm (ACCEPT_COMPRESSION).
   */
  Compressed: 0x10,
  /** HEADERS: after the u32 header-block length and the block, the payload holds one whole message. */
  WithMessage: 0x2,
  /**
   * HEADERS (with WITH_MESSAGE and END_STREAM, on a stream the receiver opened): between the block
   * and the message, a u32 length and the trailers — a whole unary response in one frame. Sent only
   * to a peer that announced ACCEPT_WITH_TRAILERS.
   */
  WithTrailers: 0x4,
  /** SETTINGS, PING: acknowledgement. */
  Ack: 0x1,
} as const;

/** SETTINGS identifiers (PROTOCOL.md §4.4). Unknown identifiers are ignored. */
export const enum SettingId {
  MaxFramePayload = 0x1,
  MaxConcurrentStreams = 0x2,
  InitialStreamWindow = 0x3,
  MaxMessageSize = 0x4,
  MaxHeaderBlockSize = 0x5,
  AcceptBatch = 0x6,
  AcceptCompression = 0x7,
  AcceptWithTrailers = 0x8,
}

/**
 * Compression algorithms (PROTOCOL.md §5.1): the first byte of a compressed message, and bit
 * `1 << (id - 1)` of ACCEPT_COMPRESSION. An id outside this set is one nobody advertised.
 */
export enum CompressionId {
  Gzip = 1,
  Zstd = 2,
}

/** ACCEPT_COMPRESSION bits of every algorithm this version defines. */
export const ALL_COMPRESSION = 0b11;

/** Smallest MAX_FRAME_PAYLOAD anyone may advertise; also what a peer assumes before SETTINGS. */
export const MIN_MAX_FRAME_PAYLOAD = 16 * 1024;
/** Largest payload a u24 length can describe. */
export const MAX_MAX_FRAME_PAYLOAD = 16 * 1024 * 1024 - 1;
/** Largest flow-control window (as in HTTP/2). */
export const MAX_WINDOW = 2 ** 31 - 1;
/** Largest stream identifier (31 bits). */
export const MAX_STREAM_ID = 2 ** 31 - 1;

/** What a sender assumes about its peer until the peer's SETTINGS arrive. */
export const PROTOCOL_DEFAULTS = {
  maxFramePayload: MIN_MAX_FRAME_PAYLOAD,
  maxConcurrentStreams: 100,
  initialStreamWindow: 64 * 1024,
  initialConnectionWindow: 64 * 1024,
  maxMessageSize: 4 * 1024 * 1024,
  maxHeaderBlockSize: 16 * 1024,
  acceptBatch: false,
  acceptCompression: 0,
  acceptWithTrailers: false,
} as const;

/**
 * Stream credit every message costs on top of its bytes (PROTOCOL.md §7), charged with the frame
 * that completes it. Without it an empty message would be free: a peer could queue millions of
 * them at a reader that does not read. With it a stream's unread messages — kept at about this
 * much bookkeeping each — stay bounded by its window, whatever their sizes.
 */
export const MESSAGE_CREDIT = 32;

/** Bytes of a PING payload. */
export const PING_PAYLOAD_LENGTH = 8;
/** GOAWAY reasons are cut to this many UTF-8 bytes by senders. */
export const MAX_GOAWAY_REASON = 1024;
