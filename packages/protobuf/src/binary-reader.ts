/**
 * The binary decoder generated code reads from. Every read is bounds-checked: a declared length is
 * compared with the bytes that remain before anything is sliced or allocated, varints stop after 10
 * bytes, and groups/messages nest at most {@link MAX_DEPTH} deep — so truncated or hostile input
 * fails fast with a {@link ProtobufError} instead of hanging or allocating.
 */
import { ProtobufError } from "./protobuf-error.ts";
import { MAX_DEPTH } from "./wire-type.ts";
import { utf8Read } from "./utf8.ts";

const TWO_32 = 4294967296;
/** `bytes` values shorter than this are always copied (see {@link BinaryReader.bytes}). */
const COPY_BELOW = 1000;
/** Copies through the typed-array `slice` even when the input is a Node `Buffer` (whose `slice` is a view). */
const copyRange = Uint8Array.prototype.slice;

// Floats are assembled in scratch arrays: cheaper than a DataView per reader (which showed as
// ~15% of decoding time in profiles). Byte order is fixed up on big-endian hosts.
const f32 = new Float32Array(1);
const f32b = new Uint8Array(f32.buffer);
const f64 = new Float64Array(1);
const f64b = new Uint8Array(f64.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A cursor over one encoded message. */
export class BinaryReader {
  /** The input. */
  buf: Uint8Array;
  /** The read position. */
  pos: number;
  /** The end of the input (`buf.length` unless a range was given). */
  len: number;

  /** Reads `buf[start, end)`; the default is all of `buf`. */
  constructor(buf: Uint8Array, start = 0, end = buf.length) {
    checkRange(buf, start, end);
    this.buf = buf;
    this.pos = start;
    this.len = end;
  }

  /** Starts over on new input, `buf[start, end)` (see {@link sharedReader}). */
  reset(buf: Uint8Array, start = 0, end = buf.length): this {
    checkRange(buf, start, end);
    this.buf = buf;
    this.pos = start;
    this.len = end;
    return this;
  }

  /** A varint truncated to its low 32 bits, unsigned (tags, uint32, lengths). */
  uint32(): number {
    const b = this.buf;
    let p = this.pos;
    // Reads past the end yield `undefined`, which ends no loop early; checked once below.
    let c = b[p++]!;
    let v = c & 127;
    if (c < 128) {
      if (p > this.len) throw truncated();
      this.pos = p;
      return v;
    }
    c = b[p++]!;
    v |= (c & 127) << 7;
    if (c < 128) return this.done(p, v);
    c = b[p++]!;
    v |= (c & 127) << 14;
    if (c < 128) return this.done(p, v);
    c = b[p++]!;
    v |= (c & 127) << 21;
    if (c < 128) return this.done(p, v);
    c = b[p++]!;
    v |= (c & 15) << 28;
    if (c < 128) return this.done(p, v);
    // Bytes 6..10 only carry the sign extension of negative int32s: discard them.
    for (let i = 0; i < 5; i++) {
      if (p >= this.len) throw truncated();
      if (b[p++]! < 128) return this.done(p, v);
    }
    throw new ProtobufError("invalid_varint", `varint longer than 10 bytes at offset ${this.pos}`);
  }

  private done(p: number, v: number): number {
    if (p > this.len) throw truncated();
    this.pos = p;
    return v >>> 0;
  }

  /** int32 (and enums): the low 32 bits as a signed number. */
  int32(): number {
    return this.uint32() | 0;
  }

  /** sint32: zigzag-decoded. */
  sint32(): number {
    const v = this.uint32();
    return (v >>> 1) ^ -(v & 1);
  }

  /** bool: any non-zero varint is true. */
  bool(): boolean {
    const b = this.buf[this.pos];
    if (b === 0 || b === 1) {
      this.pos++;
      return b === 1;
    }
    this.varint64();
    return (this.lo | this.hi) !== 0;
  }

  /** Low half of the last {@link varint64}. */
  lo = 0;
  /** High half of the last {@link varint64}. */
  hi = 0;

  /** Reads a 64-bit varint into {@link lo} and {@link hi} (unsigned 32-bit halves). */
  varint64(): void {
    const b = this.buf;
    let p = this.pos;
    let lo = 0;
    let hi = 0;
    let c = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      c = b[p++]!;
      lo |= (c & 127) << shift;
      if (c < 128) return this.done64(p, lo, 0);
    }
    c = b[p++]!;
    lo |= (c & 127) << 28;
    hi = (c & 127) >> 4;
    if (c < 128) return this.done64(p, lo, hi);
    for (let shift = 3; shift < 32; shift += 7) {
      c = b[p++]!;
      hi |= (c & 127) << shift;
      if (c < 128) return this.done64(p, lo, hi);
    }
    if (p > this.len) throw truncated();
    throw new ProtobufError("invalid_varint", `varint longer than 10 bytes at offset ${this.pos}`);
  }

  private done64(p: number, lo: number, hi: number): void {
    if (p > this.len) throw truncated();
    this.pos = p;
    this.lo = lo >>> 0;
    this.hi = hi >>> 0;
  }

  /** int64 as a signed `bigint`. */
  int64(): bigint {
    this.varint64();
    return signed64(this.lo, this.hi);
  }

  /** uint64 as an unsigned `bigint`. */
  uint64(): bigint {
    this.varint64();
    return unsigned64(this.lo, this.hi);
  }

  /** sint64: zigzag-decoded `bigint`. */
  sint64(): bigint {
    this.varint64();
    const lo = this.lo;
    const hi = this.hi;
    const mask = -(lo & 1);
    return signed64((((lo >>> 1) | (hi << 31)) ^ mask) >>> 0, ((hi >>> 1) ^ mask) >>> 0);
  }

  private need(n: number): number {
    const p = this.pos;
    if (p + n > this.len) throw truncated();
    this.pos = p + n;
    return p;
  }

  private u32(p: number): number {
    const b = this.buf;
    return (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;
  }

  /** fixed32: unsigned little-endian. */
  fixed32(): number {
    return this.u32(this.need(4));
  }

  /** sfixed32: signed little-endian. */
  sfixed32(): number {
    return this.u32(this.need(4)) | 0;
  }

  /** float: IEEE 754 single. */
  float(): number {
    const p = this.need(4);
    const b = this.buf;
    if (LITTLE_ENDIAN) {
      f32b[0] = b[p]!;
      f32b[1] = b[p + 1]!;
      f32b[2] = b[p + 2]!;
      f32b[3] = b[p + 3]!;
    } else {
      for (let i = 0; i < 4; i++) f32b[3 - i] = b[p + i]!;
    }
    return f32[0]!;
  }

  /** double: IEEE 754 double. */
  double(): number {
    const p = this.need(8);
    const b = this.buf;
    if (LITTLE_ENDIAN) {
      f64b[0] = b[p]!;
      f64b[1] = b[p + 1]!;
      f64b[2] = b[p + 2]!;
      f64b[3] = b[p + 3]!;
      f64b[4] = b[p + 4]!;
      f64b[5] = b[p + 5]!;
      f64b[6] = b[p + 6]!;
      f64b[7] = b[p + 7]!;
    } else {
      for (let i = 0; i < 8; i++) f64b[7 - i] = b[p + i]!;
    }
    return f64[0]!;
  }

  /** fixed64 as an unsigned `bigint`. */
  fixed64(): bigint {
    const p = this.need(8);
    return unsigned64(this.u32(p), this.u32(p + 4));
  }

  /** sfixed64 as a signed `bigint`. */
  sfixed64(): bigint {
    const p = this.need(8);
    return signed64(this.u32(p), this.u32(p + 4));
  }

  /**
   * Reads a length prefix and returns the end offset of the section, after checking that the
   * declared length fits in what remains (so nothing is allocated on a lying length).
   */
  delimited(): number {
    const len = this.uint32();
    const end = this.pos + len;
    if (end > this.len) throw truncated(len, this.len - this.pos);
    return end;
  }

  /** A length-prefixed UTF-8 string (invalid sequences become U+FFFD). */
  string(): string {
    const end = this.delimited();
    const start = this.pos;
    this.pos = end;
    return utf8Read(this.buf, start, end);
  }

  /**
   * A `bytes` field. Short values are copied (cheap: small arrays live in the GC heap, and
   * measured faster than a view); a long value is a view of the input when it is a good part of
   * the input's buffer and a copy otherwise, so a kept message never pins a much larger buffer
   * (the input may be a view into a 512 KiB socket read). Callers that reuse their input buffer
   * must copy long values themselves.
   */
  bytes(): Uint8Array {
    const end = this.delimited();
    const start = this.pos;
    this.pos = end;
    const buf = this.buf;
    const length = end - start;
    if (length < COPY_BELOW || length * 8 < buf.buffer.byteLength) return copyRange.call(buf, start, end);
    return buf.subarray(start, end);
  }

  /**
   * Skips the value of an unknown field whose tag was just read: every wire type, including
   * groups (matched by field number, nesting bounded by `depth`).
   */
  skip(tag: number, depth = 0): void {
    const fieldNo = tag >>> 3;
    if (fieldNo === 0) throw new ProtobufError("invalid_wire_type", `field number 0 at offset ${this.pos}`);
    switch (tag & 7) {
      case 0:
        this.varint64();
        return;
      case 1:
        this.need(8);
        return;
      case 2:
        this.pos = this.delimited();
        return;
      case 3: {
        if (depth >= MAX_DEPTH) throw depthExceeded();
        for (;;) {
          if (this.pos >= this.len) throw truncated();
          const inner = this.uint32();
          if ((inner & 7) === 4) {
            if (inner >>> 3 !== fieldNo) {
              throw new ProtobufError("invalid_wire_type", `end group ${inner >>> 3} does not match group ${fieldNo}`);
            }
            return;
          }
          this.skip(inner, depth + 1);
        }
      }
      case 4:
        throw new ProtobufError("invalid_wire_type", `unexpected end group ${fieldNo} at offset ${this.pos}`);
      case 5:
        this.need(4);
        return;
      default:
        throw new ProtobufError("invalid_wire_type", `wire type ${tag & 7} (field ${fieldNo}) at offset ${this.pos}`);
    }
  }

  /**
   * Called by generated decoders after a nested message: fails if a field ran past the end of its
   * declared section.
   */
  checkEnd(end: number): void {
    if (this.pos !== end) throw new ProtobufError("truncated", `field overruns its enclosing message by ${this.pos - end} bytes`);
  }
}

/** Throws `depth_exceeded` when a generated decoder is entered `depth` levels deep. */
export function checkDepth(depth: number): void {
  if (depth > MAX_DEPTH) throw depthExceeded();
}

/** A signed `bigint` from two's-complement 32-bit halves. */
export function signed64(lo: number, hi: number): bigint {
  if (hi <= 0x1fffff) return BigInt(hi * TWO_32 + lo);
  if (hi >= 0xffe00000) return BigInt((hi - TWO_32) * TWO_32 + lo);
  return BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo));
}

/** An unsigned `bigint` from 32-bit halves. */
export function unsigned64(lo: number, hi: number): bigint {
  if (hi <= 0x1fffff) return BigInt(hi * TWO_32 + lo);
  return (BigInt(hi) << 32n) | BigInt(lo);
}

function truncated(want?: number, have?: number): ProtobufError {
  const detail = want === undefined ? "" : `: declared length ${want}, ${have} bytes remain`;
  return new ProtobufError("truncated", `input ended unexpectedly${detail}`);
}

function depthExceeded(): ProtobufError {
  return new ProtobufError("depth_exceeded", `messages or groups nested deeper than ${MAX_DEPTH}`);
}

let shared: BinaryReader | undefined;

/**
 * The reader generated `decode()` uses: one per thread, reset on every call, so decoding allocates
 * only the messages. Safe because `decode()` never nests (nested messages are read by the
 * generated `decodeFrom` with the same reader) and runs no user code. It keeps a reference to the
 * last input until the next decode.
 */
export function sharedReader(bytes: Uint8Array, start = 0, end = bytes.length): BinaryReader {
  return shared === undefined ? (shared = new BinaryReader(bytes, start, end)) : shared.reset(bytes, start, end);
}

/** A range outside the input is the caller's bug, not malformed input: a `RangeError`. */
function checkRange(buf: Uint8Array, start: number, end: number): void {
  if (!(start >= 0 && start <= end && end <= buf.length)) throw new RangeError(`range [${start}, ${end}) is outside the input of ${buf.length} bytes`);
}
