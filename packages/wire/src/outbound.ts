/**
 * What a stream has asked to send but the scheduler has not yet framed. Items are framed in order;
 * only the scheduler consumes them (see write-scheduler.ts). A message is queued as the bytes
 * themselves (no wrapper object per message); how much of the head message has been framed is the
 * stream's `outOffset`. Small messages an encoder wrote in place share an {@link OutboundPack}.
 */
import type { ByteSink } from "./message-encoder.ts";

export const enum OutboundKind {
  /** A header block, optionally with the stream's first message and END_STREAM, ideally one frame. */
  Headers,
  /** END_STREAM, carried by trailers (HEADERS) or an empty DATA frame (or merged into the last DATA). */
  End,
  /** Small messages back to back in BATCH layout. */
  Pack,
  /** A compressed message (algorithm byte and compressed bytes), framed with COMPRESSED on its first frame. */
  Compressed,
}

/**
 * Where the stream's first header block stands in the queue. The block itself, with the first
 * message and END_STREAM, is kept by the send queue (there is one per stream): no object per call.
 */
export interface HeadersItem {
  readonly kind: OutboundKind.Headers;
}

/** The end of the stream, with or without trailers. */
export interface EndItem {
  readonly kind: OutboundKind.End;
  readonly trailers: Uint8Array | undefined;
}

/**
 * A message compressed for the peer: `bytes` is the algorithm id and the compressed bytes
 * (PROTOCOL.md §5.1). A wrapper, unlike a plain message, because its first frame carries the
 * COMPRESSED flag; it costs one object per compressed message, next to the compressor's buffers.
 */
export interface CompressedItem {
  readonly kind: OutboundKind.Compressed;
  readonly bytes: Uint8Array;
}

/** Messages larger than this are not packed (see `WireStream.writeWith`): they would not share a frame much anyway. Bytes. */
export const PACK_MESSAGE_MAX = 4096;
/** A pack takes no more messages once it holds this much. Bytes. */
export const PACK_LIMIT = 64 * 1024;
/** Largest pack buffer kept for reuse: a full pack plus one message. Bytes. */
export const MAX_PACK_CAPACITY = PACK_LIMIT + PACK_MESSAGE_MAX + 4;

/**
 * Small messages queued back to back in BATCH layout (u32 length, bytes; PROTOCOL.md §4.1) by
 * `WireStream.writeWith`, so each costs a few bytes of one buffer instead of an array. Framed as
 * BATCH frames, as many whole messages per frame as fit.
 */
export class OutboundPack implements ByteSink {
  readonly kind = OutboundKind.Pack;
  bytes: Uint8Array;
  /** End of the appended messages. */
  length = 0;
  /** Start of the first message not yet framed. */
  offset = 0;
  /** Set once framing started: later messages go to a new pack, so framed bytes never move. */
  sealed = false;
  /** Some of its bytes were handed out as views (see `unpackFirst`): the buffer is not reused. */
  viewed = false;
  /** Messages appended, and how many of them were framed: each costs MESSAGE_CREDIT of stream credit when framed. */
  count = 0;
  framedCount = 0;

  constructor(capacity: number) {
    this.bytes = new Uint8Array(capacity);
  }

  /** Empties a fully framed pack for reuse by its stream. */
  clear(): this {
    this.length = 0;
    this.offset = 0;
    this.count = 0;
    this.framedCount = 0;
    this.sealed = false;
    return this;
  }

  /** Makes room for `n` more bytes (encoders grow the buffer themselves; this is for the length prefix). */
  reserve(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.length + n, this.bytes.length * 2));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }
}

/** One queued send: a message (framed as one DATA frame or fragmented), headers, the end, a pack of small messages, or a compressed message. */
export type OutboundItem = Uint8Array | HeadersItem | EndItem | OutboundPack | CompressedItem;

/**
 * The buffer of a large message that `WireStream.writeWith` encoded on its own, back once the
 * message was framed (copied out): the next such message is encoded into it, so a stream of big
 * messages allocates nothing per message. One per process (encoding happens one message at a
 * time), and only up to {@link MAX_SPARE_BYTES}, so the memory it holds is bounded.
 */
let spareEncodeBuffer: Uint8Array | undefined;
const MAX_SPARE_BYTES = 8 * 1024 * 1024;

/** Takes the spare encode buffer, if there is one. */
export function takeEncodeBuffer(): Uint8Array | undefined {
  const buffer = spareEncodeBuffer;
  spareEncodeBuffer = undefined;
  return buffer;
}

/** Gives a buffer nothing refers to any more back for the next encode. */
export function recycleEncodeBuffer(buffer: Uint8Array): void {
  if (buffer.length <= MAX_SPARE_BYTES && buffer.length > (spareEncodeBuffer?.length ?? 0)) spareEncodeBuffer = buffer;
}


/**
 * What a stream that sends messages on their own (`WireStream.writeWith`) keeps between them: the
 * spare pack, the large message encoded alone and its buffer, the size of the next pack. A field
 * of the send queue made on the first such message, so a stream that sends none — a unary call's,
 * on either side — carries one field for all of it instead of five.
 */
export class Packing {
  /** A framed pack whose buffer the next pack reuses. */
  sparePack: OutboundPack | undefined;
  /** The last large message encoded alone, and the encode buffer it is a view of (recycled once framed). */
  ownedMessage: Uint8Array | undefined;
  ownedBuffer: Uint8Array | undefined;
  /** Initial capacity of a new pack: what the pack before it grew to. */
  packCapacity = 1024;
  /** The last message was too big to share a pack: encode the next one alone first. */
  sendsLarge = false;
}
