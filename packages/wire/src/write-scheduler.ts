import { FRAME_HEADER_LENGTH, Flag, FrameType, PROTOCOL_DEFAULTS } from "./constants.ts";
import type { ByteChannel } from "./byte-channel.ts";
import { readU32, writeFrameHeader, writeU32 } from "./frame.ts";
import { type HeadersItem, MAX_PACK_CAPACITY, type OutboundItem, OutboundKind, type OutboundPack, recycleEncodeBuffer } from "./outbound.ts";
import { StreamEvent, StreamState } from "./stream-state.ts";
import type { WireStream } from "./stream.ts";

/** A control frame waiting to be written (PING, SETTINGS, WINDOW_UPDATE, RST_STREAM, GOAWAY). */
interface ControlFrame {
  readonly type: FrameType;
  readonly flags: number;
  readonly streamId: number;
  readonly payload: Uint8Array;
}

const enum Progress {
  Framed,
  BlockedOnStream,
  BlockedOnConnection,
}

/** One process-wide scratch buffer: flushes are synchronous, so sessions can share it. */
let scratch = new Uint8Array(64 * 1024);

/**
 * Decides what goes on the wire and writes it, coalesced.
 *
 * Invariants:
 * - Control frames go before any data framed in the same flush.
 * - Data is framed lazily at flush time, one frame per ready stream in round-robin order, so a
 *   16 MiB message delays another stream's small message by at most one frame per busy stream.
 * - Everything framed in one flush is written with one `channel.write`; only the unwritten tail
 *   of a partial write is kept (a copy), and nothing more is framed until it drains. The shared
 *   scratch buffer means an idle session holds no write buffer at all.
 * - A flush frames at most `highWaterMark` bytes of data per write.
 *
 * Flow-control accounting lives in the streams (`sendWindow`) and here (`connectionWindow`);
 * this class only spends credit, it never grants it.
 */
export class WriteScheduler {
  /** Connection-level send credit granted by the peer. */
  connectionWindow: number;
  /** The peer accepts BATCH DATA frames (its SETTINGS said so). */
  batch = false;
  /** Peer's MAX_FRAME_PAYLOAD. */
  maxFramePayload: number;
  /** Peer's INITIAL_STREAM_WINDOW: how much stream credit can be counted on to come back at once. */
  peerStreamWindow: number = PROTOCOL_DEFAULTS.initialStreamWindow;
  /** Control frames in order; undefined when none (idle sessions hold no arrays). */
  private control: ControlFrame[] | undefined;
  private ready: WireStream[] = EMPTY_READY;
  private readyHead = 0;
  private tail: Uint8Array | undefined;
  private prefix: Uint8Array | undefined;
  private pos = 0;
  private wake: WireStream[] | undefined;
  /** Set during flush: stream callbacks run mid-fill must not see the scheduler as idle or re-enter. */
  private flushing = false;

  constructor(
    private readonly channel: ByteChannel,
    private readonly highWaterMark: number,
    connectionWindow: number,
    maxFramePayload: number,
  ) {
    this.connectionWindow = connectionWindow;
    this.maxFramePayload = maxFramePayload;
  }

  /** False while a partial write's tail waits for the channel to drain. */
  get writable(): boolean {
    return this.tail === undefined;
  }

  /** Bytes of a partial write waiting for drain. */
  get unwrittenBytes(): number {
    return this.tail?.length ?? 0;
  }

  /** Control frames not yet written (bounded by the session). */
  get queuedControlFrames(): number {
    return this.control?.length ?? 0;
  }

  /** Whether anything is waiting to be framed or written. */
  get idle(): boolean {
    return !this.flushing && this.tail === undefined && this.control === undefined && this.readyHead === this.ready.length && this.prefix === undefined;
  }

  /** Raw bytes to write before any frame (the connection preface). */
  setPrefix(bytes: Uint8Array): void {
    this.prefix = bytes;
  }

  pushControl(type: FrameType, flags: number, streamId: number, payload: Uint8Array): void {
    (this.control ??= []).push({ type, flags, streamId, payload });
  }

  /** Streams waiting to be framed. */
  get readyCount(): number {
    return this.ready.length - this.readyHead;
  }

  /** Adds a stream with something to send to the round-robin queue. */
  markReady(stream: WireStream): void {
    if (stream.inReadyQueue) return;
    stream.inReadyQueue = true;
    if (this.ready === EMPTY_READY) this.ready = [];
    this.ready.push(stream);
  }

  /**
   * Writes the pending tail, then frames and writes until the channel pushes back or nothing is
   * left. Returns false if the channel is closed.
   */
  flush(): boolean {
    if (this.flushing) return true;
    this.flushing = true;
    try {
      return this.flushOnce();
    } finally {
      this.flushing = false;
    }
  }

  private flushOnce(): boolean {
    if (this.tail !== undefined) {
      const tail = this.tail;
      const n = this.channel.write(tail);
      if (n < 0) return false;
      if (n < tail.length) {
        this.tail = tail.subarray(n);
        return true;
      }
      this.tail = undefined;
    }
    for (let rounds = 0; rounds < 16; rounds++) {
      const length = this.fill();
      if (length === 0) break;
      const n = this.channel.write(scratch.subarray(0, length));
      if (n < 0) return false;
      if (n < length) {
        this.tail = scratch.slice(n, length);
        break;
      }
    }
    this.releaseSenders();
    return true;
  }

  /** Whether a flush would have anything to do right now. */
  get hasWork(): boolean {
    return this.tail === undefined && (this.control !== undefined || this.readyHead < this.ready.length || this.prefix !== undefined);
  }

  private releaseSenders(): void {
    const wake = this.wake;
    if (wake === undefined) return;
    this.wake = undefined;
    for (const stream of wake) {
      stream.wakeQueued = false;
      stream.wakeSenders();
    }
  }

  private fill(): number {
    this.pos = 0;
    if (this.prefix !== undefined) {
      this.ensure(this.prefix.length);
      scratch.set(this.prefix, 0);
      this.pos = this.prefix.length;
      this.prefix = undefined;
    }
    const control = this.control;
    if (control !== undefined) {
      this.control = undefined;
      for (const f of control) this.frame(f.type, f.flags, f.streamId, f.payload, undefined);
    }
    while (this.pos < this.highWaterMark && this.readyHead < this.ready.length) {
      const stream = this.ready[this.readyHead++]!;
      stream.inReadyQueue = false;
      if (stream.state === StreamState.Closed || stream.outHead >= stream.outbound.length) continue;
      const progress = this.frameNext(stream);
      if (progress === Progress.BlockedOnConnection) {
        this.ready[--this.readyHead] = stream;
        stream.inReadyQueue = true;
        break;
      }
      if (progress === Progress.Framed && stream.outHead < stream.outbound.length && (stream.state as StreamState) !== StreamState.Closed) {
        this.markReady(stream);
      }
    }
    if (this.readyHead === this.ready.length) {
      this.ready.length = 0;
      this.readyHead = 0;
    } else if (this.readyHead > 1024) {
      this.ready = this.ready.slice(this.readyHead);
      this.readyHead = 0;
    }
    return this.pos;
  }

  /** Frames the next frame of `stream`'s head item. */
  private frameNext(stream: WireStream): Progress {
    const item = stream.outbound[stream.outHead]!;
    if (item instanceof Uint8Array) return this.frameMessage(stream, item);
    switch (item.kind) {
      case OutboundKind.Headers:
        return this.frameHeaders(stream, item);
      case OutboundKind.Pack:
        return this.framePack(stream, item);
      case OutboundKind.End:
        this.pop(stream);
        if (item.trailers !== undefined) this.frame(FrameType.Headers, Flag.EndStream, stream.id, item.trailers, undefined);
        else this.frame(FrameType.Data, Flag.EndStream, stream.id, EMPTY, undefined);
        this.sent(stream, true);
        return Progress.Framed;
    }
  }

  private frameHeaders(stream: WireStream, item: HeadersItem): Progress {
    const { block, message, end } = item;
    if (message !== undefined) {
      const fits = 4 + block.length + message.length <= this.maxFramePayload;
      if (fits && message.length <= stream.sendWindow && message.length <= this.connectionWindow) {
        this.pop(stream);
        this.spend(stream, message.length);
        stream.queuedBytes -= message.length;
        const start = this.header(FrameType.Headers, Flag.WithMessage | (end ? Flag.EndStream : 0), stream.id, 4 + block.length + message.length);
        writeU32(scratch, start, block.length);
        scratch.set(block, start + 4);
        scratch.set(message, start + 4 + block.length);
        this.opened(stream);
        this.sent(stream, end);
        return Progress.Framed;
      }
      // Too big or no credit for one frame: headers now, the message as DATA, then END_STREAM.
      stream.outbound[stream.outHead] = message;
      stream.outOffset = 0;
      if (end) stream.outbound.splice(stream.outHead + 1, 0, { kind: OutboundKind.End, trailers: undefined });
      this.frame(FrameType.Headers, 0, stream.id, block, undefined);
      this.opened(stream);
      return Progress.Framed;
    }
    this.pop(stream);
    this.frame(FrameType.Headers, end ? Flag.EndStream : 0, stream.id, block, undefined);
    this.opened(stream);
    this.sent(stream, end);
    return Progress.Framed;
  }

  private frameMessage(stream: WireStream, data: Uint8Array): Progress {
    const offset = stream.outOffset;
    const remaining = data.length - offset;
    const credit = Math.min(stream.sendWindow, this.connectionWindow);
    const max = this.maxFramePayload;
    let flags: number;
    let chunk: number;
    let prefix = false;
    if (offset === 0 && remaining <= max && remaining <= credit) {
      if (this.batch) {
        const next = stream.outbound[stream.outHead + 1];
        const room = Math.min(max, credit, MAX_BATCH_PAYLOAD);
        if (next instanceof Uint8Array && 8 + remaining + next.length <= room) return this.frameBatch(stream, room);
      }
      flags = Flag.EndMessage;
      chunk = remaining;
    } else if (offset === 0) {
      if (credit < 5) return this.blocked(stream, 5);
      prefix = true;
      chunk = Math.min(max - 4, credit - 4, remaining);
      flags = Flag.MessageStart | (chunk === remaining ? Flag.EndMessage : 0);
    } else {
      if (credit < 1) return this.blocked(stream, 1);
      chunk = Math.min(max, credit, remaining);
      flags = chunk === remaining ? Flag.EndMessage : 0;
    }
    const payload = chunk === data.length ? data : data.subarray(offset, offset + chunk);
    stream.outOffset = offset + chunk;
    let end = false;
    if (offset + chunk === data.length) {
      this.pop(stream);
      end = this.takeBareEnd(stream);
      if (end) flags |= Flag.EndStream;
    }
    const size = chunk + (prefix ? 4 : 0);
    this.spend(stream, size);
    stream.queuedBytes -= chunk;
    this.frame(FrameType.Data, flags, stream.id, payload, prefix ? data.length : undefined);
    this.sent(stream, end);
    return Progress.Framed;
  }

  /**
   * Packs the stream's queued whole messages into one BATCH frame of at most `room` payload bytes
   * (PROTOCOL.md §4.1): small messages then cost a length prefix each instead of a frame each.
   */
  private frameBatch(stream: WireStream, room: number): Progress {
    this.ensure(FRAME_HEADER_LENGTH + room);
    const buf = scratch;
    const at = this.pos;
    let p = at + FRAME_HEADER_LENGTH;
    const limit = p + room;
    for (;;) {
      const item = stream.outbound[stream.outHead];
      if (!(item instanceof Uint8Array) || p + 4 + item.length > limit) break;
      writeU32(buf, p, item.length);
      if (item.length > 0) buf.set(item, p + 4);
      p += 4 + item.length;
      stream.queuedBytes -= item.length;
      this.pop(stream);
    }
    const end = this.takeBareEnd(stream);
    const flags = Flag.Batch | (end ? Flag.EndStream : 0);
    const length = p - at - FRAME_HEADER_LENGTH;
    writeFrameHeader(buf, at, length, FrameType.Data, flags, stream.id);
    this.pos = p;
    this.spend(stream, length);
    this.sent(stream, end);
    return Progress.Framed;
  }

  /**
   * Frames as many of a pack's messages as fit in one BATCH frame (its bytes are already in BATCH
   * layout: one copy per frame). A peer that does not take BATCH gets the first message alone.
   */
  private framePack(stream: WireStream, pack: OutboundPack): Progress {
    pack.sealed = true;
    if (!this.batch) return this.unpackFirst(stream, pack);
    const bytes = pack.bytes;
    const from = pack.offset;
    const room = Math.min(this.maxFramePayload, stream.sendWindow, this.connectionWindow, MAX_BATCH_PAYLOAD);
    let to = pack.length;
    if (to - from > room) {
      to = from;
      for (;;) {
        const next = to + 4 + readU32(bytes, to);
        if (next - from > room) break;
        to = next;
      }
      if (to === from) {
        // Packed messages are small (≤ 4 KiB) against any frame limit: only credit is short. It
        // is worth waiting for unless the peer's window is so small that it may never grant
        // this much at once; then the message goes alone, fragmented to fit any credit.
        const need = 4 + readU32(bytes, from);
        return need * 2 <= this.peerStreamWindow ? this.blocked(stream, need) : this.unpackFirst(stream, pack);
      }
    }
    const length = to - from;
    pack.offset = to;
    let end = false;
    const whole = to === pack.length;
    if (whole) {
      this.pop(stream);
      end = this.takeBareEnd(stream);
    }
    const start = this.header(FrameType.Data, Flag.Batch | (end ? Flag.EndStream : 0), stream.id, length);
    scratch.set(bytes.subarray(from, to), start);
    // Its bytes are copied out: the stream reuses the buffer (unless a large message, encoded
    // before it was known to be large, grew it).
    if (whole && !pack.viewed && bytes.length <= MAX_PACK_CAPACITY) stream.sparePack = pack.clear();
    stream.queuedBytes -= length;
    this.spend(stream, length);
    this.sent(stream, end);
    return Progress.Framed;
  }

  /** Takes a pack's first message out as a message of its own, framed as if queued alone. */
  private unpackFirst(stream: WireStream, pack: OutboundPack): Progress {
    const from = pack.offset;
    const to = from + 4 + readU32(pack.bytes, from);
    const message = pack.bytes.subarray(from + 4, to);
    pack.viewed = true;
    pack.offset = to;
    stream.queuedBytes -= 4;
    if (to === pack.length) stream.outbound[stream.outHead] = message;
    else stream.outbound.splice(stream.outHead, 0, message);
    stream.outOffset = 0;
    return this.frameMessage(stream, message);
  }

  /** An END without trailers right after the framed messages rides on their frame as END_STREAM. */
  private takeBareEnd(stream: WireStream): boolean {
    const next = stream.outbound[stream.outHead];
    if (next === undefined || next instanceof Uint8Array || next.kind !== OutboundKind.End || next.trailers !== undefined) return false;
    this.pop(stream);
    return true;
  }

  private blocked(stream: WireStream, need: number): Progress {
    return stream.sendWindow < need ? Progress.BlockedOnStream : Progress.BlockedOnConnection;
  }

  private spend(stream: WireStream, bytes: number): void {
    stream.sendWindow -= bytes;
    this.connectionWindow -= bytes;
  }

  private pop(stream: WireStream): void {
    if (stream.outbound[stream.outHead] === stream.ownedMessage && stream.ownedBuffer !== undefined) {
      // Framed: its last bytes go into the write buffer right after this, before anything can
      // encode again, so the next large message may reuse the buffer.
      recycleEncodeBuffer(stream.ownedBuffer);
      stream.ownedMessage = stream.ownedBuffer = undefined;
    }
    stream.outbound[stream.outHead] = undefined as unknown as OutboundItem;
    stream.outHead++;
    stream.outOffset = 0;
    if (stream.outHead === stream.outbound.length) {
      stream.outbound.length = 0;
      stream.outHead = 0;
    }
  }

  private opened(stream: WireStream): void {
    if (stream.state === StreamState.Idle) stream.transition(StreamEvent.Open);
  }

  private sent(stream: WireStream, endStream: boolean): void {
    if (endStream) stream.transition(StreamEvent.SendEnd);
    if (stream.hasSendWaiters && !stream.wakeQueued) {
      stream.wakeQueued = true; // once per flush, however many of its frames went out
      (this.wake ??= []).push(stream);
    }
  }

  /** Writes a whole frame; `lengthPrefix` inserts a u32 before the payload (MESSAGE_START). */
  private frame(type: FrameType, flags: number, streamId: number, payload: Uint8Array, lengthPrefix: number | undefined): void {
    const extra = lengthPrefix === undefined ? 0 : 4;
    const start = this.header(type, flags, streamId, payload.length + extra);
    if (lengthPrefix !== undefined) writeU32(scratch, start, lengthPrefix);
    if (payload.length > 0) scratch.set(payload, start + extra);
  }

  /** Reserves header + payload space, writes the header, returns the payload offset. */
  private header(type: FrameType, flags: number, streamId: number, length: number): number {
    this.ensure(FRAME_HEADER_LENGTH + length);
    const at = this.pos;
    writeFrameHeader(scratch, at, length, type, flags, streamId);
    this.pos = at + FRAME_HEADER_LENGTH + length;
    return at + FRAME_HEADER_LENGTH;
  }

  private ensure(bytes: number): void {
    const need = this.pos + bytes;
    if (need <= scratch.length) return;
    const grown = new Uint8Array(Math.max(need, scratch.length * 2));
    grown.set(scratch.subarray(0, this.pos));
    scratch = grown;
  }
}

const EMPTY = new Uint8Array(0);
/** A BATCH frame never exceeds this, whatever the peer's frame limit: it bounds the write buffer's growth. */
const MAX_BATCH_PAYLOAD = 64 * 1024;
/** Shared placeholder so that a session that never sent data owns no ready-queue array. */
const EMPTY_READY: WireStream[] = [];
