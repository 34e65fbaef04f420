import { FRAME_HEADER_LENGTH, type FrameType } from "./constants.ts";

/**
 * A frame as plain data: the decoder produces these and {@link encodeFrame} consumes them.
 * `payload` may be a view into the chunk it was read from (no copy).
 */
export interface Frame {
  readonly type: FrameType;
  readonly flags: number;
  readonly streamId: number;
  readonly payload: Uint8Array;
}

/**
 * Writes a 9-byte frame header at `offset`. Hot path: byte stores, no DataView allocation.
 * Layout (PROTOCOL.md §3): length u24 BE · type u8 · flags u8 · R(1 bit, zero) + stream id u31 BE.
 */
export function writeFrameHeader(
  out: Uint8Array,
  offset: number,
  length: number,
  type: FrameType,
  flags: number,
  streamId: number,
): void {
  out[offset] = (length >>> 16) & 0xff;
  out[offset + 1] = (length >>> 8) & 0xff;
  out[offset + 2] = length & 0xff;
  out[offset + 3] = type;
  out[offset + 4] = flags;
  writeU32(out, offset + 5, streamId & 0x7fffffff);
}

/** Big-endian u32 store. */
export function writeU32(out: Uint8Array, offset: number, value: number): void {
  out[offset] = (value >>> 24) & 0xff;
  out[offset + 1] = (value >>> 16) & 0xff;
  out[offset + 2] = (value >>> 8) & 0xff;
  out[offset + 3] = value & 0xff;
}

/** Big-endian u32 load; the caller guarantees four readable bytes. */
export function readU32(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset]! << 24) | (bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]!) >>> 0;
}

/** Encodes one frame into a fresh buffer (tests and cold paths; the session writes in place). */
export function encodeFrame(frame: Frame): Uint8Array {
  const out = new Uint8Array(FRAME_HEADER_LENGTH + frame.payload.length);
  writeFrameHeader(out, 0, frame.payload.length, frame.type, frame.flags, frame.streamId);
  out.set(frame.payload, FRAME_HEADER_LENGTH);
  return out;
}
