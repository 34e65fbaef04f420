/**
 * The binary encoder generated code writes into: one growable byte buffer, with length prefixes of
 * nested messages back-patched on {@link BinaryWriter.join} (a 1-byte prefix is reserved on
 * {@link BinaryWriter.fork}; bodies of 128 bytes or more are shifted once). This avoids both the
 * per-field op list of protobufjs and a separate sizing pass. 64-bit values: see write-int64.ts.
 */
import { ProtobufError } from "./protobuf-error.ts";
import { invalidValue } from "./value-check.ts";
import { fixed64Value, writeInt64, writeSint64, writeUint64 } from "./write-int64.ts";
import { MAX_DEPTH } from "./wire-type.ts";
import { utf8Length, utf8Write } from "./utf8.ts";

/** Growing to this size or more allocates without zero-filling (see `grow`). */
const UNINITIALIZED_MIN = 64 * 1024;
/** Buffers larger than this are dropped after `finish()` instead of being kept for reuse. */
const KEEP_LIMIT = 1 << 20;

/** A growable protobuf binary writer. Methods chain; `finish()` returns an exact-size copy. */
export class BinaryWriter {
  /** The current buffer; valid bytes are `[0, pos)`. */
  buf: Uint8Array;
  /** The write position. */
  pos = 0;
  /** Made when a fixed-width value is first written into the current buffer. */
  private view: DataView | undefined;
  private readonly forks: number[] = [];
  private readonly initialSize: number;

  /** @param initialSize Initial buffer size in bytes (default 256); the buffer doubles as needed. */
  constructor(initialSize = 256) {
    this.initialSize = initialSize;
    this.buf = new Uint8Array(initialSize);
  }

  /**
   * Continues writing into `bytes` at `pos`, keeping `[0, pos)`: the caller then finds the result
   * in `buf[0, pos)`, in `bytes` itself unless it had to grow (growing copies `[0, pos)`). This
   * is how a message is appended to a buffer someone else owns (see `appendEncoded`).
   */
  attach(bytes: Uint8Array, pos: number): this {
    this.buf = bytes;
    this.pos = pos;
    this.view = undefined;
    if (this.forks.length !== 0) this.forks.length = 0;
    return this;
  }

  /** Drops any partial content (used before reusing a shared writer). */
  reset(): this {
    this.pos = 0;
    if (this.forks.length !== 0) this.forks.length = 0; // the length setter is not free even at 0
    return this;
  }

  /** Returns the written bytes as a new exact-size array and resets the writer for reuse. */
  finish(): Uint8Array {
    if (this.forks.length !== 0) throw new ProtobufError("invalid_value", "finish() with an unjoined fork()");
    if (this.buf.length > KEEP_LIMIT) {
      // A large buffer is not kept for reuse anyway: hand it out as is instead of copying it.
      const out = this.buf.subarray(0, this.pos);
      this.buf = new Uint8Array(this.initialSize);
      this.view = undefined;
      this.pos = 0;
      return out;
    }
    const out = this.buf.slice(0, this.pos);
    this.pos = 0;
    return out;
  }

  /** Makes room for `n` more bytes. */
  private grow(n: number): void {
    // Doubling amortizes small writes; one large write (a big `bytes` field) grows to fit with a
    // little slack instead, so a 1 MiB payload does not allocate (and zero) 2 MiB.
    let size = this.buf.length * 2;
    if (this.pos + n > size) size = this.pos + n + 1024;
    // Large buffers skip zero-filling: only `[0, pos)` is ever read, and all of it is written.
    const next = size < UNINITIALIZED_MIN ? new Uint8Array(size) : new Uint8Array(Buffer.allocUnsafeSlow(size).buffer, 0, size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = undefined;
  }

  private dataView(): DataView {
    return (this.view ??= new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength));
  }

  /** Writes a varint of `value >>> 0` (tags, uint32, lengths). */
  uint32(value: number): this {
    let v = value >>> 0;
    if (v !== value) invalidValue(); // not an integer in [0, 2^32): encodeFailed names the field
    if (this.pos + 5 > this.buf.length) this.grow(5);
    const b = this.buf;
    let p = this.pos;
    while (v > 127) {
      b[p++] = (v & 127) | 128;
      v >>>= 7;
    }
    b[p++] = v;
    this.pos = p;
    return this;
  }

  /** Writes a tag: `(fieldNo << 3) | wireType`. */
  tag(fieldNo: number, wireType: number): this {
    return this.uint32(((fieldNo << 3) | wireType) >>> 0);
  }

  /** int32 and enums: negative values take 10 bytes (sign-extended to 64 bits), as protoc does. */
  int32(value: number): this {
    if ((value | 0) !== value) invalidValue();
    if (value >= 0) return this.uint32(value);
    return this.varint64(value | 0, -1);
  }

  /** sint32: zigzag then varint. */
  sint32(value: number): this {
    if ((value | 0) !== value) invalidValue();
    return this.uint32(((value << 1) ^ (value >> 31)) >>> 0);
  }

  /** bool as a one-byte varint. */
  bool(value: boolean): this {
    if (typeof value !== "boolean") invalidValue();
    if (this.pos + 1 > this.buf.length) this.grow(1);
    this.buf[this.pos++] = value ? 1 : 0;
    return this;
  }

  /** fixed32: 4 bytes little-endian, unsigned. */
  fixed32(value: number): this {
    if (value >>> 0 !== value) invalidValue();
    if (this.pos + 4 > this.buf.length) this.grow(4);
    this.dataView().setUint32(this.pos, value >>> 0, true);
    this.pos += 4;
    return this;
  }

  /** sfixed32: 4 bytes little-endian, signed. */
  sfixed32(value: number): this {
    if ((value | 0) !== value) invalidValue();
    if (this.pos + 4 > this.buf.length) this.grow(4);
    this.dataView().setInt32(this.pos, value | 0, true);
    this.pos += 4;
    return this;
  }

  /** float: IEEE 754 single precision. */
  float(value: number): this {
    if (typeof value !== "number") invalidValue();
    if (this.pos + 4 > this.buf.length) this.grow(4);
    this.dataView().setFloat32(this.pos, value, true);
    this.pos += 4;
    return this;
  }

  /** double: IEEE 754 double precision. */
  double(value: number): this {
    if (typeof value !== "number") invalidValue();
    if (this.pos + 8 > this.buf.length) this.grow(8);
    this.dataView().setFloat64(this.pos, value, true);
    this.pos += 8;
    return this;
  }

  /** Writes a 64-bit varint from its two's-complement halves. */
  varint64(lo: number, hi: number): this {
    if (this.pos + 10 > this.buf.length) this.grow(10);
    const b = this.buf;
    let p = this.pos;
    let l = lo >>> 0;
    let h = hi >>> 0;
    while (h !== 0) {
      b[p++] = (l & 127) | 128;
      l = ((l >>> 7) | (h << 25)) >>> 0;
      h >>>= 7;
    }
    while (l > 127) {
      b[p++] = (l & 127) | 128;
      l >>>= 7;
    }
    b[p++] = l;
    this.pos = p;
    return this;
  }

  /** int64 varint. Throws `invalid_value` outside [-2^63, 2^63). */
  int64(value: bigint): this {
    writeInt64(this, value);
    return this;
  }

  /** uint64 varint. Throws `invalid_value` outside [0, 2^64). */
  uint64(value: bigint): this {
    writeUint64(this, value);
    return this;
  }

  /** sint64: zigzag then varint. */
  sint64(value: bigint): this {
    writeSint64(this, value);
    return this;
  }

  /** fixed64: 8 bytes little-endian, unsigned. */
  fixed64(value: bigint): this {
    return this.raw64(fixed64Value(value, "fixed64"));
  }

  /** sfixed64: 8 bytes little-endian, signed. */
  sfixed64(value: bigint): this {
    return this.raw64(fixed64Value(value, "sfixed64"));
  }

  private raw64(value: bigint): this {
    if (this.pos + 8 > this.buf.length) this.grow(8);
    this.dataView().setBigUint64(this.pos, BigInt.asUintN(64, value), true);
    this.pos += 8;
    return this;
  }

  /** A length-prefixed UTF-8 string. */
  string(value: string): this {
    if (typeof value !== "string") invalidValue();
    const n = value.length;
    if (n <= 42) {
      // 3 bytes per UTF-16 unit at most: the length fits one byte.
      if (this.pos + 1 + n * 3 > this.buf.length) this.grow(1 + n * 3);
      const start = this.pos + 1;
      const end = utf8Write(value, this.buf, start);
      this.buf[this.pos] = end - start;
      this.pos = end;
      return this;
    }
    const len = utf8Length(value);
    this.uint32(len);
    if (this.pos + len > this.buf.length) this.grow(len);
    this.pos = utf8Write(value, this.buf, this.pos);
    return this;
  }

  /** Length-prefixed raw bytes. */
  bytes(value: Uint8Array): this {
    if (!(value instanceof Uint8Array)) invalidValue();
    return this.uint32(value.length).raw(value);
  }

  /** Bytes as they are, no length prefix: an unknown field kept whole (tag and value). */
  raw(value: Uint8Array): this {
    if (this.pos + value.length > this.buf.length) this.grow(value.length);
    this.buf.set(value, this.pos);
    this.pos += value.length;
    return this;
  }

  /** Starts a length-delimited section (nested message, packed field, map entry); end with `join()`. */
  fork(): this {
    if (this.forks.length >= MAX_DEPTH) {
      throw new ProtobufError("depth_exceeded", `messages nested deeper than ${MAX_DEPTH} (a cycle?)`);
    }
    if (this.pos + 1 > this.buf.length) this.grow(1);
    this.forks.push(this.pos);
    this.pos += 1;
    return this;
  }

  /** Ends the innermost `fork()`, writing its length prefix in place. */
  join(): this {
    const start = this.forks.pop();
    if (start === undefined) throw new ProtobufError("invalid_value", "join() without fork()");
    const len = this.pos - start - 1;
    if (len < 128) {
      this.buf[start] = len;
      return this;
    }
    const size = varintSize(len);
    if (this.pos + size > this.buf.length) this.grow(size);
    const b = this.buf;
    b.copyWithin(start + size, start + 1, this.pos);
    let p = start;
    let v = len;
    while (v > 127) {
      b[p++] = (v & 127) | 128;
      v >>>= 7;
    }
    b[p] = v;
    this.pos += size - 1;
    return this;
  }
}

/** Bytes needed for the varint of a non-negative 32-bit value. */
export function varintSize(value: number): number {
  const v = value >>> 0;
  if (v < 0x80) return 1;
  if (v < 0x4000) return 2;
  if (v < 0x200000) return 3;
  if (v < 0x10000000) return 4;
  return 5;
}
