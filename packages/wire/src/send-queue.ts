/**
 * A stream's outbound queue, with one owner: what the stream asked to send and the scheduler has
 * not framed yet, how much of the head message is framed, the bytes still to frame, and the
 * buffers small messages are packed into. The stream pushes; the scheduler's framer takes from
 * the head. Neither reaches into the other's fields (house style 4).
 *
 * Items are framed in order: the first header block, the messages, the end. A message is queued as
 * the bytes themselves (no wrapper object per message); small messages an encoder wrote in place
 * share an {@link OutboundPack} in BATCH layout. The header block and the end are fields of their
 * own around the message list, which is only allocated for a first message sent apart from the
 * headers: a unary call's stream queues its headers (with the message) and its end, and allocates
 * no list on either side.
 */
import { MESSAGE_CREDIT } from "./constants.ts";
import type { MessageEncoder } from "./message-encoder.ts";
import { Credit } from "./window.ts";
import type { ErrorScope } from "./wire-error.ts";
import { writeBatchLength } from "./message-layout.ts";
import { MAX_PACK_CAPACITY, type EndItem, type OutboundItem, OutboundKind, OutboundPack, PACK_LIMIT, Packing, PACK_MESSAGE_MAX, recycleEncodeBuffer, takeEncodeBuffer } from "./outbound.ts";

const EMPTY = new Uint8Array(0);
/** `SendQueue.outHeaderFlags`: the first HEADERS frame carries END_STREAM. */
const OUT_HEADER_END = 1;
/** `SendQueue.outHeaderFlags`: the first message is compressed. */
const OUT_HEADER_COMPRESSED = 2;
const END: EndItem = Object.freeze({ kind: OutboundKind.End, trailers: undefined });
/** The message list of a queue that never had one: shared, never written (a queue replaces it first). */
const NO_ITEMS: OutboundItem[] = Object.freeze([]) as unknown as OutboundItem[];
const HEADERS: OutboundItem = Object.freeze({ kind: OutboundKind.Headers });
/** The last end item with trailers: most calls end with the same trailers block (plain OK), and an item is never changed, so streams share it. */
let lastEnd: EndItem = Object.freeze({ kind: OutboundKind.End, trailers: undefined });

function endWith(trailers: Uint8Array): EndItem {
  if (lastEnd.trailers !== trailers) lastEnd = Object.freeze({ kind: OutboundKind.End, trailers });
  return lastEnd;
}

/**
 * See the module comment. The queue is also the stream's send credit (a {@link Credit}: what is
 * queued is framed within it), so a stream's whole send side is one object. Every call has one on
 * each side: mind the field count (a stream is 30 fields, a 256-byte cell; 31 take 320).
 */
export class SendQueue extends Credit {
  /** Messages (bytes, packs, compressed), from `head` on; the header block and the end are not in it. */
  private items: OutboundItem[] = NO_ITEMS;
  private head = 0;
  /** The end, queued after every message (see {@link pushEnd}). */
  private endItem: EndItem | undefined;
  /** Bytes of the head message already framed (a message longer than one frame goes in fragments). */
  offset = 0;
  /**
   * Credit the queued, unframed messages will take: their bytes (packed ones with their 4-byte
   * length prefix) plus MESSAGE_CREDIT each, so that a sender of empty messages sees backpressure too.
   */
  queuedBytes = 0;
  /** Packs and large messages of `writeWith`, made on its first message. */
  private packing: Packing | undefined;
  /** The first header block, while queued (see {@link pushHeaders}), with the first message. */
  outHeaderBlock: Uint8Array | undefined;
  outHeaderMessage: Uint8Array | undefined;
  /** {@link outHeaderEnd} and {@link outHeaderCompressed} as bits: one field for two. */
  private outHeaderFlags = 0;

  /** `credit`: what the peer's initial stream window grants. */
  constructor(credit: number) {
    super(credit);
  }

  protected get scope(): ErrorScope {
    return "stream";
  }

  /** The first HEADERS frame carries END_STREAM. */
  get outHeaderEnd(): boolean {
    return (this.outHeaderFlags & OUT_HEADER_END) !== 0;
  }

  /** The first message is compressed (`outHeaderMessage` starts with its algorithm byte). */
  get outHeaderCompressed(): boolean {
    return (this.outHeaderFlags & OUT_HEADER_COMPRESSED) !== 0;
  }

  /** Trailers queued right behind the first header block and its message (a whole response), to frame with them. */
  get trailersNext(): Uint8Array | undefined {
    return this.outHeaderMessage !== undefined && this.head === this.items.length ? this.endItem?.trailers : undefined;
  }

  /** The last message was too big to share a pack: `writeWith` encodes the next one alone first. */
  get sendsLarge(): boolean {
    return this.packing?.sendsLarge === true;
  }

  /** Nothing left to frame. */
  get isEmpty(): boolean {
    return this.outHeaderBlock === undefined && this.head === this.items.length && this.endItem === undefined;
  }

  /** The item framing continues with. */
  get first(): OutboundItem | undefined {
    if (this.outHeaderBlock !== undefined) return HEADERS;
    return this.head < this.items.length ? this.items[this.head] : this.endItem;
  }

  /** The item after it (a BATCH frame looks ahead). */
  get second(): OutboundItem | undefined {
    const at = this.outHeaderBlock !== undefined ? this.head : this.head + 1;
    if (at < this.items.length) return this.items[at];
    return at === this.items.length ? this.endItem : undefined;
  }

  /** The message list, to add to (allocated on the first message queued apart from the headers). */
  private get list(): OutboundItem[] {
    if (this.items === NO_ITEMS) this.items = [];
    return this.items;
  }

  /** The first header block, with the stream's first message (`compressed`: a compressed message) and END_STREAM when given. */
  pushHeaders(block: Uint8Array, message: Uint8Array | undefined, end: boolean, compressed = false): void {
    this.outHeaderBlock = block;
    this.outHeaderMessage = message;
    this.outHeaderFlags = (end ? OUT_HEADER_END : 0) | (compressed ? OUT_HEADER_COMPRESSED : 0);
    if (message !== undefined) this.queuedBytes += message.length + MESSAGE_CREDIT;
  }

  /** One message, framed alone (or fragmented, or batched with its neighbours). */
  pushMessage(message: Uint8Array): void {
    this.list.push(message);
    this.queuedBytes += message.length + MESSAGE_CREDIT;
  }

  /** A compressed message (algorithm byte and compressed bytes), framed alone or fragmented: never batched. */
  pushCompressed(bytes: Uint8Array): void {
    this.list.push({ kind: OutboundKind.Compressed, bytes });
    this.queuedBytes += bytes.length + MESSAGE_CREDIT;
  }

  /** `message` was compressed into a copy: if it is a view of the spare encode buffer (see {@link encodeAlone}), the buffer is free again. */
  disown(message: Uint8Array): void {
    const packing = this.packing;
    if (packing === undefined || message !== packing.ownedMessage || packing.ownedBuffer === undefined) return;
    recycleEncodeBuffer(packing.ownedBuffer);
    packing.ownedMessage = packing.ownedBuffer = undefined;
  }

  /** The end of the stream, with trailers or without: framed after everything queued, whenever that is. */
  pushEnd(trailers: Uint8Array | undefined): void {
    this.endItem = trailers === undefined ? END : endWith(trailers);
  }

  /**
   * Encodes `message` straight into the open pack. Returns `undefined` when it was packed; a
   * message too big to share a frame (over 4 KiB, or over `limit`, the peer's maximum) comes back
   * as bytes of its own for {@link pushMessage}, and later ones are encoded alone until a small
   * one. Throws what the encoder throws, having queued nothing.
   */
  appendPacked<T>(encoder: MessageEncoder<T>, message: T, limit: number): Uint8Array | undefined {
    const packing = (this.packing ??= new Packing());
    let pack = this.items[this.items.length - 1];
    if (!(pack instanceof OutboundPack) || pack.sealed || pack.length >= PACK_LIMIT) {
      if (pack instanceof OutboundPack) packing.packCapacity = Math.min(pack.bytes.length, MAX_PACK_CAPACITY);
      pack = packing.sparePack ?? new OutboundPack(packing.packCapacity);
      packing.sparePack = undefined;
      this.list.push(pack);
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
      packing.sendsLarge = true;
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
    const packing = (this.packing ??= new Packing());
    packing.sendsLarge = sink.length > PACK_MESSAGE_MAX;
    if (!packing.sendsLarge) {
      const exact = sink.bytes.slice(0, sink.length);
      recycleEncodeBuffer(sink.bytes);
      return exact;
    }
    const view = sink.bytes.subarray(0, sink.length);
    packing.ownedMessage = view;
    packing.ownedBuffer = sink.bytes;
    return view;
  }

  /** Removes the head item (framed); a large message's encode buffer is free again. */
  pop(): void {
    this.offset = 0;
    if (this.outHeaderBlock !== undefined) {
      this.outHeaderBlock = this.outHeaderMessage = undefined;
      return;
    }
    const items = this.items;
    if (this.head === items.length) {
      this.endItem = undefined;
      return;
    }
    const packing = this.packing;
    if (packing !== undefined && items[this.head] === packing.ownedMessage && packing.ownedBuffer !== undefined) {
      // Framed: its last bytes went into the write buffer before anything can encode again.
      recycleEncodeBuffer(packing.ownedBuffer);
      packing.ownedMessage = packing.ownedBuffer = undefined;
    }
    items[this.head] = undefined as unknown as OutboundItem; // a long queue must not pin sent buffers
    this.head++;
    if (this.head === items.length) {
      items.length = 0;
      this.head = 0;
    }
  }

  /** Replaces the head item (headers sent without their message; a pack's first message unpacked). */
  replaceFirst(item: OutboundItem): void {
    if (this.outHeaderBlock === undefined) {
      this.items[this.head] = item;
      this.offset = 0;
      return;
    }
    this.outHeaderBlock = this.outHeaderMessage = undefined;
    this.insertFirst(item);
  }

  /** Puts `item` before the head (a message taken out of a pack that still holds more; a header block's message sent apart). */
  insertFirst(item: OutboundItem): void {
    this.list.splice(this.head, 0, item);
    this.offset = 0;
  }

  /**
   * Puts a bare END after the head (headers with END_STREAM whose message goes separately, then
   * END_STREAM): nothing can be queued after such headers, so the end is simply the end.
   */
  insertEndSecond(): void {
    this.endItem = END;
  }

  /** `bytes` of queued messages were framed, completing `messages` of them. */
  framed(bytes: number, messages: number): void {
    this.queuedBytes -= bytes + messages * MESSAGE_CREDIT;
  }

  /** Takes an END without trailers at the head: it rides on the frame just written as END_STREAM. */
  takeBareEnd(): boolean {
    const end = this.endItem;
    if (end === undefined || end.trailers !== undefined || this.outHeaderBlock !== undefined || this.head !== this.items.length) return false;
    this.endItem = undefined;
    return true;
  }

  /** A fully framed pack: its buffer is reused by the next one (unless views of it were handed out, or a large message grew it). */
  recycle(pack: OutboundPack): void {
    if (!pack.viewed && pack.bytes.length <= MAX_PACK_CAPACITY) (this.packing ??= new Packing()).sparePack = pack.clear();
  }

  /** Drops everything (the stream failed). */
  clear(): void {
    this.items = NO_ITEMS;
    this.endItem = undefined;
    this.head = 0;
    this.offset = 0;
    this.queuedBytes = 0;
    this.packing = undefined;
    this.outHeaderBlock = this.outHeaderMessage = undefined;
  }

  /** Drops the message appended at `at` (the pack's last), and the pack if that leaves it empty. */
  private unappend(pack: OutboundPack, at: number): void {
    pack.length = at;
    if (at === 0) this.items.pop();
  }
}
