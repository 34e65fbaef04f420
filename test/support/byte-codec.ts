/**
 * A minimal length-checked binary writer and reader for the hand-written test codecs. Every read
 * is bounds-checked and the reader insists the input is consumed exactly, so a codec built on it
 * rejects truncated or padded bytes — which the "undecodable message" tests rely on.
 */
export class ByteWriter {
  private buffer: Uint8Array;
  private view: DataView;
  private offset = 0;

  constructor(capacity = 64) {
    this.buffer = new Uint8Array(capacity);
    this.view = new DataView(this.buffer.buffer);
  }

  /** Appends an unsigned 32-bit big-endian integer. */
  u32(value: number): this {
    this.reserve(4);
    this.view.setUint32(this.offset, value);
    this.offset += 4;
    return this;
  }

  /** Appends one byte. */
  u8(value: number): this {
    this.reserve(1);
    this.buffer[this.offset++] = value;
    return this;
  }

  /** Appends a u32 length and the bytes. */
  bytes(value: Uint8Array): this {
    this.u32(value.length);
    this.reserve(value.length);
    this.buffer.set(value, this.offset);
    this.offset += value.length;
    return this;
  }

  /** Appends a UTF-8 string as length-prefixed bytes. */
  string(value: string): this {
    return this.bytes(new TextEncoder().encode(value));
  }

  /** The written bytes (a view, not a copy). */
  finish(): Uint8Array {
    return this.buffer.subarray(0, this.offset);
  }

  private reserve(n: number): void {
    if (this.offset + n <= this.buffer.length) return;
    const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.offset + n));
    grown.set(this.buffer.subarray(0, this.offset));
    this.buffer = grown;
    this.view = new DataView(grown.buffer);
  }
}

/** Reads what {@link ByteWriter} wrote; throws a `RangeError` on truncated input. */
export class ByteReader {
  private readonly view: DataView;
  private offset = 0;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  u32(): number {
    this.need(4);
    const value = this.view.getUint32(this.offset);
    this.offset += 4;
    return value;
  }

  u8(): number {
    this.need(1);
    return this.bytes[this.offset++]!;
  }

  /** A length-prefixed byte string, copied so the message does not pin the frame buffer. */
  bytesField(): Uint8Array {
    const length = this.u32();
    this.need(length);
    const out = this.bytes.slice(this.offset, this.offset + length);
    this.offset += length;
    return out;
  }

  string(): string {
    return new TextDecoder("utf-8", { fatal: true }).decode(this.bytesField());
  }

  /** Throws unless every byte was read: trailing garbage is as undecodable as missing bytes. */
  end(): void {
    if (this.offset !== this.bytes.length) throw new RangeError(`${this.bytes.length - this.offset} trailing bytes`);
  }

  private need(n: number): void {
    if (this.offset + n > this.bytes.length) throw new RangeError(`truncated message: need ${n} bytes at offset ${this.offset} of ${this.bytes.length}`);
  }
}
