import { MAX_GOAWAY_REASON, MAX_WINDOW, PING_PAYLOAD_LENGTH } from "./constants.ts";
import { ErrorCode, errorCodeFrom } from "./error-code.ts";
import { readU32, writeU32 } from "./frame.ts";
import { WireError } from "./wire-error.ts";

/** A decoded GOAWAY payload. */
export interface GoAway {
  readonly lastStreamId: number;
  readonly code: ErrorCode;
  readonly reason: string;
}

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder("utf-8", { fatal: false });

/** GOAWAY payload: last stream id u32 · error code u32 · reason (UTF-8, cut to 1 KiB). */
export function encodeGoAway(lastStreamId: number, code: ErrorCode, reason: string): Uint8Array {
  let text = utf8.encode(reason);
  if (text.length > MAX_GOAWAY_REASON) text = text.subarray(0, MAX_GOAWAY_REASON);
  const out = new Uint8Array(8 + text.length);
  writeU32(out, 0, lastStreamId & 0x7fffffff);
  writeU32(out, 4, code);
  out.set(text, 8);
  return out;
}

/** Inverse of {@link encodeGoAway}; a payload under 8 bytes is a FRAME_SIZE_ERROR. */
export function decodeGoAway(payload: Uint8Array): GoAway {
  if (payload.length < 8) throw new WireError(ErrorCode.FrameSizeError, `GOAWAY payload of ${payload.length} bytes is shorter than 8`);
  return {
    lastStreamId: readU32(payload, 0) & 0x7fffffff,
    code: errorCodeFrom(readU32(payload, 4)),
    reason: utf8Decoder.decode(payload.subarray(8, 8 + MAX_GOAWAY_REASON)),
  };
}

/** RST_STREAM payload: error code u32. */
export function encodeRstStream(code: ErrorCode): Uint8Array {
  const out = new Uint8Array(4);
  writeU32(out, 0, code);
  return out;
}

/** Inverse of {@link encodeRstStream}. */
export function decodeRstStream(payload: Uint8Array): ErrorCode {
  if (payload.length !== 4) throw new WireError(ErrorCode.FrameSizeError, `RST_STREAM payload must be 4 bytes, got ${payload.length}`);
  return errorCodeFrom(readU32(payload, 0));
}

/** WINDOW_UPDATE payload: increment u32 (1 … 2^31−1). */
export function encodeWindowUpdate(increment: number): Uint8Array {
  const out = new Uint8Array(4);
  writeU32(out, 0, increment);
  return out;
}

/** Inverse of {@link encodeWindowUpdate}; zero is a PROTOCOL_ERROR as in HTTP/2. */
export function decodeWindowUpdate(payload: Uint8Array): number {
  if (payload.length !== 4) throw new WireError(ErrorCode.FrameSizeError, `WINDOW_UPDATE payload must be 4 bytes, got ${payload.length}`);
  const increment = readU32(payload, 0) & 0x7fffffff;
  if (increment === 0 || increment > MAX_WINDOW) throw new WireError(ErrorCode.ProtocolError, "WINDOW_UPDATE increment must be 1 … 2^31-1");
  return increment;
}

/** Checks a PING payload's size (8 opaque bytes). */
export function checkPing(payload: Uint8Array): void {
  if (payload.length !== PING_PAYLOAD_LENGTH) {
    throw new WireError(ErrorCode.FrameSizeError, `PING payload must be ${PING_PAYLOAD_LENGTH} bytes, got ${payload.length}`);
  }
}
