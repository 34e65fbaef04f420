/**
 * Frames laid out when they are produced instead of at the flush: a whole unary answer
 * (response-stage.ts) is encoded straight into its frame here, with no array of its own, no queue
 * entry and no second copy at the flush. The next flush writes a session's staged frames first,
 * in one copy (write-scheduler.ts).
 *
 * A session holds a buffer only from its first staged frame to the flush that writes it, usually
 * the same turn; buffers come from a small process-wide pool, so idle connections hold none.
 */
import type { FrameWriter } from "./frame-writer.ts";
import type { ByteSink } from "./message-encoder.ts";

/** Size of a pooled buffer. Bytes. */
const BUFFER_BYTES = 16 * 1024;
/** Buffers kept for reuse; a larger one (a flush of many answers) is left to the collector. */
const POOL_MAX = 4;
const NONE = new Uint8Array(0);
/** Runs up to this long are copied byte by byte (see `writeTo`). Bytes. */
const SHORT_COPY = 256;
const pool: Uint8Array[] = [];

/** See the module comment. Also the sink an encoder appends a staged message to. */
export class FrameStage implements ByteSink {
  /** The buffer; staged bytes are `[0, length)`. */
  bytes: Uint8Array = NONE;
  length = 0;
  /** Frames staged since the last flush. */
  frames = 0;

  /** Makes room for `n` more bytes (an encoder grows the buffer itself, replacing `bytes`). */
  reserve(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    const next = this.bytes === NONE && n <= BUFFER_BYTES ? (pool.pop() ?? new Uint8Array(BUFFER_BYTES)) : new Uint8Array(Math.max(this.bytes.length * 2, this.length + n));
    if (this.length > 0) next.set(this.bytes.subarray(0, this.length)); // empty: no view to make
    this.bytes = next;
  }

  /**
   * Copies the staged frames into the flush's write, then {@link clear}s. A short run (an answer
   * or two) by hand: the view `set` would need costs a JavaScript engine more than the copy.
   */
  writeTo(writer: FrameWriter): void {
    const length = this.length;
    const at = writer.take(length);
    const out = writer.bytes;
    const bytes = this.bytes;
    if (length <= SHORT_COPY) for (let i = 0; i < length; i++) out[at + i] = bytes[i]!;
    else out.set(bytes.subarray(0, length), at);
    this.clear();
  }

  /** Empty again, the buffer back to the pool. */
  private clear(): void {
    if (this.bytes.length === BUFFER_BYTES && pool.length < POOL_MAX) pool.push(this.bytes);
    this.bytes = NONE;
    this.length = 0;
    this.frames = 0;
  }
}
