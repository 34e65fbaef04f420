import { allocForOverwrite } from "./alloc.ts";
import { FRAME_HEADER_LENGTH, type FrameType } from "./constants.ts";
import { ErrorCode } from "./error-code.ts";
import type { Frame } from "./frame.ts";
import { readU32 } from "./frame.ts";
import { WireError } from "./wire-error.ts";

const EMPTY = new Uint8Array(0);

/**
 * The frame {@link FrameDecoder.next} returns: one object per decoder, overwritten by the next call
 * (frames are handled synchronously, one at a time). The payload view is made only when asked
 * for, so a consumer that slices the payload itself (HEADERS: block and message) can use
 * `source[start, start + length)` and skip the intermediate view.
 */
export class DecodedFrame implements Frame {
  type: FrameType = 0 as FrameType;
  flags = 0;
  streamId = 0;
  /** The bytes the payload lies in: the chunk, or a buffer holding a payload that spanned chunks. */
  source: Uint8Array = EMPTY;
  /** Offset of the payload in `source`. */
  start = 0;
  /** Payload length. */
  length = 0;
  private view: Uint8Array | undefined;

  /** The payload as a view of `source` (no copy); valid after the next frame too. */
  get payload(): Uint8Array {
    if (this.view === undefined) {
      const { source, start, length } = this;
      this.view = start === 0 && length === source.length ? source : source.subarray(start, start + length);
    }
    return this.view;
  }

  /** Overwrites this frame with the next one (the decoder's only writer). */
  set(type: number, flags: number, streamId: number, source: Uint8Array, start: number, length: number): this {
    this.type = type as FrameType;
    this.flags = flags;
    this.streamId = streamId;
    this.source = source;
    this.start = start;
    this.length = length;
    this.view = undefined;
    return this;
  }
}

/**
 * Incremental frame decoder. Feed chunks split at any boundary with {@link push}, then pull frames
 * with {@link next} until it returns `undefined`.
 *
 * The declared length is checked against {@link maxPayload} as soon as the 9 header bytes are in,
 * before any body byte is buffered. A payload wholly inside one chunk is returned as a view of
 * that chunk (no copy); one that spans chunks is copied once into a buffer of its exact size. The
 * returned frame object is reused: read it before calling `next` again.
 */
export class FrameDecoder {
  /** Largest payload accepted; a larger declared length is a FRAME_SIZE_ERROR. */
  maxPayload: number;
  private chunk: Uint8Array = EMPTY;
  private pos = 0;
  /** Holds a header split across chunks; allocated the first time that happens. */
  private header: Uint8Array | undefined;
  private headerFill = 0;
  private body: Uint8Array | undefined;
  private bodyFill = 0;
  private type = 0;
  private flags = 0;
  private streamId = 0;
  private readonly frame = new DecodedFrame();

  constructor(maxPayload: number) {
    this.maxPayload = maxPayload;
  }

  /** Bytes held for an incomplete frame plus the unread rest of the current chunk. */
  get bufferedBytes(): number {
    return this.headerFill + this.bodyFill + (this.chunk.length - this.pos);
  }

  /** Whether the current chunk has bytes not yet decoded (more frames may follow without a new read). */
  get hasUnread(): boolean {
    return this.pos < this.chunk.length;
  }

  /** Hands over the next chunk; all frames of the previous one must have been pulled. */
  push(chunk: Uint8Array): void {
    if (this.pos < this.chunk.length) throw new Error("FrameDecoder.push before the previous chunk was drained");
    this.chunk = chunk;
    this.pos = 0;
  }

  /** The next complete frame, or `undefined` when more bytes are needed. Throws {@link WireError}. */
  next(): DecodedFrame | undefined {
    if (this.body !== undefined) return this.continueBody();
    const chunk = this.chunk;
    let pos = this.pos;
    if (pos === chunk.length) {
      // Drained: drop the chunk (also from the reused frame) so an idle connection does not pin
      // the last read's buffer.
      this.chunk = EMPTY;
      this.pos = 0;
      this.frame.set(0, 0, 0, EMPTY, 0, 0);
      return undefined;
    }
    let header: Uint8Array;
    let h: number;
    if (this.headerFill === 0 && chunk.length - pos >= FRAME_HEADER_LENGTH) {
      header = chunk;
      h = pos;
      pos += FRAME_HEADER_LENGTH;
    } else {
      const take = Math.min(FRAME_HEADER_LENGTH - this.headerFill, chunk.length - pos);
      if (take === 0) return undefined;
      const partial = (this.header ??= new Uint8Array(FRAME_HEADER_LENGTH));
      partial.set(chunk.subarray(pos, pos + take), this.headerFill);
      this.headerFill += take;
      pos += take;
      this.pos = pos;
      if (this.headerFill < FRAME_HEADER_LENGTH) return undefined;
      this.headerFill = 0;
      header = partial;
      h = 0;
    }
    const length = (header[h]! << 16) | (header[h + 1]! << 8) | header[h + 2]!;
    const type = header[h + 3]!;
    const flags = header[h + 4]!;
    const streamId = readU32(header, h + 5) & 0x7fffffff;
    if (length > this.maxPayload) {
      this.pos = chunk.length;
      throw new WireError(ErrorCode.FrameSizeError, `frame of ${length} bytes exceeds the limit of ${this.maxPayload}`);
    }
    if (chunk.length - pos >= length) {
      this.pos = pos + length;
      return this.frame.set(type, flags, streamId, chunk, pos, length);
    }
    this.type = type;
    this.flags = flags;
    this.streamId = streamId;
    this.body = allocForOverwrite(length); // returned only once every byte was filled
    this.bodyFill = 0;
    this.pos = pos;
    return this.continueBody();
  }

  private continueBody(): DecodedFrame | undefined {
    const body = this.body!;
    const take = Math.min(body.length - this.bodyFill, this.chunk.length - this.pos);
    body.set(this.chunk.subarray(this.pos, this.pos + take), this.bodyFill);
    this.bodyFill += take;
    this.pos += take;
    if (this.bodyFill < body.length) return undefined;
    this.body = undefined;
    this.bodyFill = 0;
    return this.frame.set(this.type, this.flags, this.streamId, body, 0, body.length);
  }
}
