/**
 * Incremental parser of the raw peer's framing: a u32 big-endian length, then that many bytes.
 * It only joins chunks once they can complete a frame, so a 1 MiB frame arriving in 64 KiB
 * chunks is copied once, not once per chunk; the raw peer must stay the machine's limit.
 */

/** Largest frame either raw side accepts. Bytes; 64 MiB. */
export const MAX_RAW_FRAME = 64 * 1024 * 1024;

/**
 * Called per complete frame. `body` and `frame` (header + body) may be views into a buffer that
 * is reused after the call returns: copy what must outlive it.
 */
export type FrameHandler = (body: Uint8Array, frame: Uint8Array) => void;

/** Splits a byte stream into frames; see the module comment. */
export class FrameReader {
  private readonly parts: Uint8Array[] = [];
  private partBytes = 0;

  constructor(private readonly onFrame: FrameHandler) {}

  /** Feeds received bytes; calls the handler for every frame they complete, in order. */
  push(chunk: Uint8Array): void {
    let buffer = chunk;
    if (this.partBytes > 0) {
      this.parts.push(chunk);
      this.partBytes += chunk.length;
      if (this.partBytes < this.firstFrameBytes()) return;
      buffer = join(this.parts, this.partBytes);
      this.parts.length = 0;
      this.partBytes = 0;
    }
    let offset = 0;
    while (buffer.length - offset >= 4) {
      const length = readU32(buffer, offset);
      if (length > MAX_RAW_FRAME) throw new RangeError(`raw frame of ${length} B exceeds ${MAX_RAW_FRAME} B`);
      const end = offset + 4 + length;
      if (end > buffer.length) break;
      this.onFrame(buffer.subarray(offset + 4, end), buffer.subarray(offset, end));
      offset = end;
    }
    if (offset < buffer.length) {
      // Copy the tail: it may be a view into a buffer the caller reuses.
      this.parts.push(buffer.slice(offset));
      this.partBytes = buffer.length - offset;
    }
  }

  /** Bytes still waiting for the rest of their frame. */
  get buffered(): number {
    return this.partBytes;
  }

  /** Bytes the first buffered frame needs in total (4 while its header is incomplete). */
  private firstFrameBytes(): number {
    if (this.partBytes < 4) return 4;
    const head = this.parts[0]!.length >= 4 ? this.parts[0]! : join(this.parts, this.partBytes).subarray(0, 4);
    return 4 + readU32(head, 0);
  }
}

/** Encodes one frame: header and body in one buffer. */
export function encodeFrame(body: Uint8Array): Uint8Array {
  const frame = new Uint8Array(4 + body.length);
  writeU32(frame, 0, body.length);
  frame.set(body, 4);
  return frame;
}

/** Reads a u32 big-endian at `offset`. */
export function readU32(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset]! << 24) | (bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]!) >>> 0;
}

/** Writes a u32 big-endian at `offset`. */
export function writeU32(bytes: Uint8Array, offset: number, value: number): void {
  bytes[offset] = value >>> 24;
  bytes[offset + 1] = (value >>> 16) & 0xff;
  bytes[offset + 2] = (value >>> 8) & 0xff;
  bytes[offset + 3] = value & 0xff;
}

/** Concatenates `parts` (whose lengths sum to `total`) into one new buffer. */
export function join(parts: readonly Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
