/**
 * Turns frames into bytes on a channel: fills one write buffer per flush and writes it with one
 * `channel.write`; of a partial write only the unwritten tail is kept (a copy, which the
 * scheduler holds until the channel drains). What to frame, and in which order, is the
 * scheduler's business (write-scheduler.ts); this type only lays bytes.
 *
 * There is one writer per process ({@link frameWriter}), over one scratch buffer: flushes are
 * synchronous, so sessions share both, and an idle session holds no write buffer at all.
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
  /** What the last write or tail write left unwritten (see {@link takeUnwritten}). */
  private unwritten: Uint8Array | undefined;

  /** Bytes filled into the current write. */
  get length(): number {
    return this.pos;
  }

  /** The write buffer; valid until the next reservation (it may be replaced by a larger one). */
  get bytes(): Uint8Array {
    return scratch;
  }

  /** Starts a new write; `prefix` (the connection preface) goes first. */
  begin(prefix: Uint8Array | undefined): void {
    this.pos = 0;
    if (prefix === undefined) return;
    this.ensure(prefix.length);
    scratch.set(prefix, 0);
    this.pos = prefix.length;
  }

  /** Room for `length` bytes laid out elsewhere (frame-stage.ts): where in {@link bytes} they go; counted as filled. */
  take(length: number): number {
    this.ensure(length);
    const at = this.pos;
    this.pos = at + length;
    return at;
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

  /** Writes the tail of an earlier partial write to `channel`; on `Partial`, {@link takeUnwritten} has the rest. */
  writeTail(channel: ByteChannel, tail: Uint8Array): WriteResult {
    const n = channel.write(tail);
    if (n < 0) return WriteResult.Closed;
    if (n === tail.length) return WriteResult.Done;
    this.unwritten = tail.subarray(n);
    return WriteResult.Partial;
  }

  /** Writes what was filled since {@link begin}; on `Partial`, {@link takeUnwritten} has a copy of the rest. */
  write(channel: ByteChannel): WriteResult {
    const length = this.pos;
    const n = channel.writeRange !== undefined ? channel.writeRange(scratch, length) : channel.write(scratch.subarray(0, length));
    if (n < 0) return WriteResult.Closed;
    if (n === length) return WriteResult.Done;
    this.unwritten = scratch.slice(n, length);
    return WriteResult.Partial;
  }

  /** The bytes a `Partial` write left, for the caller to keep until the channel drains. */
  takeUnwritten(): Uint8Array {
    const rest = this.unwritten!;
    this.unwritten = undefined;
    return rest;
  }

  private ensure(bytes: number): void {
    const need = this.pos + bytes;
    if (need <= scratch.length) return;
    const grown = new Uint8Array(Math.max(need, scratch.length * 2));
    grown.set(scratch.subarray(0, this.pos));
    scratch = grown;
  }
}

/** The process's one frame writer (see {@link FrameWriter}). */
export const frameWriter = new FrameWriter();
