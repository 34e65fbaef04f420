/**
 * Unsigned LEB128 varints as used by the header-block codec (the same encoding as protobuf), for
 * integers up to 2^53 − 1 so they stay exact JavaScript numbers.
 */

/** Longest accepted encoding: 8 bytes carry 56 bits, enough for any safe integer. */
export const maxVarintBytes = 8;

/** Bytes {@link writeVarint} uses for `value`. */
export function varintSize(value: number): number {
  let size = 1;
  while (value >= 0x80) {
    value = Math.floor(value / 128);
    size++;
  }
  return size;
}

/** Writes `value` (a safe non-negative integer) at `offset`; returns the offset after it. */
export function writeVarint(out: Uint8Array, offset: number, value: number): number {
  while (value >= 0x80) {
    out[offset++] = (value % 128) | 0x80;
    value = Math.floor(value / 128);
  }
  out[offset++] = value;
  return offset;
}

/**
 * Reads a varint at `cursor.offset` and advances it; `-1` on truncation, overlong encodings or
 * values past 2^53 − 1 (callers turn that into a protocol error).
 */
export function readVarint(bytes: Uint8Array, cursor: { offset: number }): number {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < maxVarintBytes; i++) {
    const offset = cursor.offset + i;
    if (offset >= bytes.length) return -1;
    const b = bytes[offset] as number;
    value += (b & 0x7f) * scale;
    if (b < 0x80) {
      if (value > Number.MAX_SAFE_INTEGER) return -1;
      cursor.offset = offset + 1;
      return value;
    }
    scale *= 128;
  }
  return -1;
}
