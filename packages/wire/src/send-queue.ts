/**
 * A stream's outbound queue, with one owner: what the stream asked to send and the scheduler has
 * not framed yet, how much of the head message is framed, the bytes still to frame, and the
 * buffers small messages are packed into. The stream pushes; the scheduler's framer takes from
 * the head. Neither reaches into the other's fields (house style 4).
 *
 * Items are framed in order. A message is queued as the bytes themselves (no wrapper object per
 * message); small messages an encoder wrote in place share an {@link OutboundPack} in BATCH layout.
 */
import { MESSAGE_CREDIT } from "./constants.ts";
import type { MessageEncoder } from "./message-encoder.ts";
import { Window } from "./window.ts";
import { writeBatchLength } from "./message-layout.ts";
import {
  MAX_PACK_CAPACITY,
  type EndItem,
  type OutboundItem,
  OutboundKind,
  OutboundPack,
  PACK_LIMIT,
  PACK_MESSAGE_MAX,
  recycleEncodeBuffer,
  takeEncodeBuffer,
} from "./outbound.ts";

const EMPTY = new Uint8Array(0);
const END: OutboundItem = Object.freeze({ kind: OutboundKind.End, trailers: undefined });
const HEADERS: OutboundItem = Object.freeze({ kind: OutboundKind.Headers });
/** The last end item with trailers: most calls end with the same trailers block (plain OK), and an item is never changed, so streams share it. */
let lastEnd: EndItem = Object.freeze({ kind: OutboundKind.End, trailers: undefined });

function endWith(trailers: Uint8Array): OutboundItem {
  if (lastEnd.trailers !== trailers) lastEnd = Object.freeze({ kind: OutboundKind.End, trailers });
  return lastEnd;
}

/**
 * See the module comment. The queue is also the stream's send credit (a {@link Window}: what is
 * queued is framed within it), so a stream's whole send side is one object.
 */
export class SendQueue extends Window {
  private readonly items: OutboundItem[] = [];
  private head = 0;
  /** Bytes of the head message already framed (a message longer than one frame goes in fragments). */
  offset = 0;
  /**
   * Credit the queued, unframed messages will take: their bytes (packed ones with their 4-byte
   * length prefix) plus MESSAGE_CREDIT each, so that a sender of empty messages sees backpressure too.
   */
  queuedBytes = 0;
  /** A framed pack whose buffer the next pack reuses. */
  private sparePack: OutboundPack | undefined;
  /** The last large message encoded alone, and the encode buffer it is a view of (recycled once framed). */
  private ownedMessage: Uint8Array | undefined;
  private ownedBuffer: Uint8Array | undefined;
  /** Initial capacity of a new pack: what the pack before it grew to. */
  private packCapacity = 1024;
  /** The last message was too big to share a pack: encode the next one alone first. */
  sendsLarge = false;
  /** The first header block, while queued (see {@link pushHeaders}), with the first message and END_STREAM. */
  outHeaderBlock: Uint8Array | undefined;
  outHeaderMessage: Uint8Array | undefined;
  outHeaderEnd = false;
  /** The first message is compressed (`outHeaderMessage` starts with its algorithm byte). */
  outHeaderCompressed = false;

  /** `credit`: what the peer's initial stream window grants. */
  constructor(credit: number) {
    super(credit, "stream");
  }

  /** Nothing left to frame. */
  get isEmpty(): boolean {
    return this.head === this.items.length;
  }

  /** The item framing continues with. */
  get first(): OutboundItem | undefined {
    return this.items[this.head];
  }

  /** The item after it (a BATCH frame looks ahead). */
  get second(): OutboundItem | undefined {
    return this.items[this.head + 1];
  }

  /** The first header block, with the stream's first message (`compressed`: a compressed message) and END_STREAM when given. */
  pushHeaders(block: Uint8Array, message: Uint8Array | undefined, end: boolean, compressed = false): void {
    this.outHeaderBlock = block;
    this.outHeaderMessage = message;
    this.outHeaderEnd = end;
    this.outHeaderCompressed = compressed;
    this.items.push(HEADERS);
    if (message !== undefined) this.queuedBytes += message.length + MESSAGE_CREDIT;
  }

  /** One message, framed alone (or fragmented, or batched with its neighbours). */
  pushMessage(message: Uint8Array): void {
    this.items.push(message);
    this.queuedBytes += message.length + MESSAGE_CREDIT;
  }

  /** A compressed message (algorithm byte and compressed bytes), framed alone or fragmented: never batched. */
  pushCompressed(bytes: Uint8Array): void {
    this.items.push({ kind: OutboundKind.Compressed, bytes });
    this.queuedBytes += bytes.length + MESSAGE_CREDIT;
  }

  /** `message` was compressed into a copy: if it is a view of the spare encode buffer (see {@link encodeAlone}), the buffer is free again. */
  disown(message: Uint8Array): void {
    if (message !== this.ownedMessage || this.ownedBuffer === undefined) return;
    recycleEncodeBuffer(this.ownedBuffer);
    this.ownedMessage = this.ownedBuffer = undefined;
  }

  /** The end of the stream, with trailers or without. */
  pushEnd(trailers: Uint8Array | undefined): void {
    this.items.push(trailers === undefined ? END : endWith(trailers));
  }

  /**
   * Encodes `message` straight into the open pack. Returns `undefined` when it was packed; a
   * message too big to share a frame (over 4 KiB, or over `limit`, the peer's maximum) comes back
   * as bytes of its own for {@link pushMessage}, and later ones are encoded alone until a small
   * one. Throws what the encoder throws, having queued nothing.
   */
  appendPacked<T>(encoder: MessageEncoder<T>, message: T, limit: number): Uint8Array | undefined {
    let pack = this.items[this.items.length - 1];
    if (!(pack instanceof OutboundPack) || pack.sealed || pack.length >= PACK_LIMIT) {
      if (pack instanceof OutboundPack) this.packCapacity = Math.min(pack.bytes.length, MAX_PACK_CAPACITY);
      pack = this.sparePack ?? new OutboundPack(this.packCapacity);
      this.sparePack = undefined;
      this.items.push(pack);
    }
    const at = pack.length;
    pack.reserve(4);
    pack.length = at + 4;
    try {
      encoder.encodeAppend(message, pack);
    } catch (error) {
      this.unappend(pack, at);
      throw error;
    }
    const size = pack.length - at - 4;
    if (size > PACK_MESSAGE_MAX || size > limit) {
      const alone = pack.bytes.slice(at + 4, pack.length);
      this.unappend(pack, at);
      this.sendsLarge = true;
      return alone;
    }
    writeBatchLength(pack.bytes, at, size);
    pack.count++;
    this.queuedBytes += size + 4 + MESSAGE_CREDIT;
    return undefined;
  }

  /**
   * Encodes `message` on its own into the process's spare encode buffer: a small one is copied out
   * exactly and the buffer kept; a large one is returned as a view, and the buffer comes back once
   * it was framed. The result is for {@link pushMessage}.
   */
  encodeAlone<T>(encoder: MessageEncoder<T>, message: T): Uint8Array {
    const sink = { bytes: takeEncodeBuffer() ?? EMPTY, length: 0 };
    try {
      encoder.encodeAppend(message, sink);
    } catch (error) {
      recycleEncodeBuffer(sink.bytes);
      throw error;
    }
    this.sendsLarge = sink.length > PACK_MESSAGE_MAX;
    if (!this.sendsLarge) {
      const exact = sink.bytes.slice(0, sink.length);
      recycleEncodeBuffer(sink.bytes);
      return exact;
    }
    const view = sink.bytes.subarray(0, sink.length);
    this.ownedMessage = view;
    this.ownedBuffer = sink.bytes;
    return view;
  }

  /** Removes the head item (framed); a large message's encode buffer is free again. */
  pop(): void {
    const items = this.items;
    if (items[this.head] === this.ownedMessage && this.ownedBuffer !== undefined) {
      // Framed: its last bytes went into the write buffer before anything can encode again.
      recycleEncodeBuffer(this.ownedBuffer);
      this.ownedMessage = this.ownedBuffer = undefined;
    }
    if (items[this.head] === HEADERS) this.outHeaderBlock = this.outHeaderMessage = undefined;
    items[this.head] = undefined as unknown as OutboundItem; // a long queue must not pin sent buffers
    this.head++;
    this.offset = 0;
    if (this.head === items.length) {
      items.length = 0;
      this.head = 0;
    }
  }

  /** Replaces the head item (headers sent without their message; a pack's first message unpacked). */
  replaceFirst(item: OutboundItem): void {
    if (this.items[this.head] === HEADERS) this.outHeaderBlock = this.outHeaderMessage = undefined;
    this.items[this.head] = item;
    this.offset = 0;
  }

  /** Puts `item` before the head (a message taken out of a pack that still holds more). */
  insertFirst(item: OutboundItem): void {
    this.items.splice(this.head, 0, item);
    this.offset = 0;
  }

  /** Puts a bare END after the head (headers whose message goes separately, then END_STREAM). */
  insertEndSecond(): void {
    this.items.splice(this.head + 1, 0, END);
  }

  /** `bytes` of queued messages were framed, completing `messages` of them. */
  framed(bytes: number, messages: number): void {
    this.queuedBytes -= bytes + messages * MESSAGE_CREDIT;
  }

  /** Takes an END without trailers at the head: it rides on the frame just written as END_STREAM. */
  takeBareEnd(): boolean {
    const next = this.items[this.head];
    if (next === undefined || next instanceof Uint8Array || next.kind !== OutboundKind.End || next.trailers !== undefined) return false;
    this.pop();
    return true;
  }

  /** A fully framed pack: its buffer is reused by the next one (unless views of it were handed out, or a large message grew it). */
  recycle(pack: OutboundPack): void {
    if (!pack.viewed && pack.bytes.length <= MAX_PACK_CAPACITY) this.sparePack = pack.clear();
  }

  /** Drops everything (the stream failed). */
  clear(): void {
    this.items.length = 0;
    this.head = 0;
    this.offset = 0;
    this.queuedBytes = 0;
    this.sparePack = undefined;
    this.ownedMessage = this.ownedBuffer = undefined;
    this.outHeaderBlock = this.outHeaderMessage = undefined;
  }

  /** Drops the message appended at `at` (the pack's last), and the pack if that leaves it empty. */
  private unappend(pack: OutboundPack, at: number): void {
    pack.length = at;
    if (at === 0) this.items.pop();
  }
}
