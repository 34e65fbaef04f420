/**
 * Turns frames into bytes on the channel: fills one write buffer per flush, writes it with one
 * `channel.write`, and keeps only the unwritten tail of a partial write (a copy). What to frame,
 * and in which order, is the scheduler's business (write-scheduler.ts); this type only lays bytes.
 *
 * The buffer is one process-wide scratch array: flushes are synchronous, so sessions share it and
 * an idle session holds no write buffer at all.
 */
import type { ByteChannel } from "./byte-channel.ts";
import { FRAME_HEADER_LENGTH, type FrameType } from "./constants.ts";
import { writeFrameHeader, writeU32 } from "./frame.ts";

let scratch = new Uint8Array(64 * 1024);

/** What {@link FrameWriter.write} achieved. */
export const enum WriteResult {
  /** Everything went out. */
  Done,
  /** The channel took part of it: the rest waits for drain. */
  Partial,
  /** The channel is closed. */
  Closed,
}

/** See the module comment. */
export class FrameWriter {
  /** End of the bytes filled in so far in this write. */
  private pos = 0;
  private tail: Uint8Array | undefined;
  private prefix: Uint8Array | undefined;

  constructor(private readonly channel: ByteChannel) {}

  /** False while a partial write's tail waits for the channel to drain. */
  get writable(): boolean {
    return this.tail === undefined;
  }

  /** Bytes of a partial write waiting for drain. */
  get unwrittenBytes(): number {
    return this.tail?.length ?? 0;
  }

  /** Bytes filled into the current write. */
  get length(): number {
    return this.pos;
  }

  /** Whether raw prefix bytes still wait to go out. */
  get hasPrefix(): boolean {
    return this.prefix !== undefined;
  }

  /** The write buffer; valid until the next reservation (it may be replaced by a larger one). */
  get bytes(): Uint8Array {
    return scratch;
  }

  /** Raw bytes to write before any frame (the connection preface). */
  setPrefix(bytes: Uint8Array): void {
    this.prefix = bytes;
  }

  /** Starts a new write: the prefix, if any, goes first. */
  begin(): void {
    this.pos = 0;
    const prefix = this.prefix;
    if (prefix === undefined) return;
    this.prefix = undefined;
    this.ensure(prefix.length);
    scratch.set(prefix, 0);
    this.pos = prefix.length;
  }

  /** Writes a whole frame; `lengthPrefix` puts a u32 before the payload (MESSAGE_START). */
  frame(type: FrameType, flags: number, streamId: number, payload: Uint8Array, lengthPrefix?: number): void {
    const extra = lengthPrefix === undefined ? 0 : 4;
    const start = this.header(type, flags, streamId, payload.length + extra);
    if (lengthPrefix !== undefined) writeU32(scratch, start, lengthPrefix);
    if (payload.length > 0) scratch.set(payload, start + extra);
  }

  /** Reserves a frame of `length` payload bytes and writes its header; returns where the payload goes in {@link bytes}. */
  header(type: FrameType, flags: number, streamId: number, length: number): number {
    this.ensure(FRAME_HEADER_LENGTH + length);
    const at = this.pos;
    writeFrameHeader(scratch, at, length, type, flags, streamId);
    this.pos = at + FRAME_HEADER_LENGTH + length;
    return at + FRAME_HEADER_LENGTH;
  }

  /**
   * Reserves room for a frame of at most `maxLength` payload bytes whose length is known only once
   * it is filled (BATCH); returns where the payload goes. {@link closeFrame} ends it.
   */
  openFrame(maxLength: number): number {
    this.ensure(FRAME_HEADER_LENGTH + maxLength);
    return this.pos + FRAME_HEADER_LENGTH;
  }

  /** Ends a frame begun with {@link openFrame} at payload offset `start`, filled up to `end`. */
  closeFrame(start: number, end: number, type: FrameType, flags: number, streamId: number): void {
    writeFrameHeader(scratch, start - FRAME_HEADER_LENGTH, end - start, type, flags, streamId);
    this.pos = end;
  }

  /** Writes the tail of an earlier partial write. */
  writeTail(): WriteResult {
    const tail = this.tail;
    if (tail === undefined) return WriteResult.Done;
    const n = this.channel.write(tail);
    if (n < 0) return WriteResult.Closed;
    if (n < tail.length) {
      this.tail = tail.subarray(n);
      return WriteResult.Partial;
    }
    this.tail = undefined;
    return WriteResult.Done;
  }

  /** Writes what was filled since {@link begin}, keeping a copy of what the channel did not take. */
  write(): WriteResult {
    const length = this.pos;
    const n = this.channel.write(scratch.subarray(0, length));
    if (n < 0) return WriteResult.Closed;
    if (n < length) {
      this.tail = scratch.slice(n, length);
      return WriteResult.Partial;
    }
    return WriteResult.Done;
  }

  private ensure(bytes: number): void {
    const need = this.pos + bytes;
    if (need <= scratch.length) return;
    const grown = new Uint8Array(Math.max(need, scratch.length * 2));
    grown.set(scratch.subarray(0, this.pos));
    scratch = grown;
  }
}
