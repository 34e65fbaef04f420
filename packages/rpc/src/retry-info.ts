/**
 * The server's retry advice — the `retry_delay` of a `google.rpc.RetryInfo` detail — for the retry
 * interceptor. Decoded here by hand (two nested fields) because this package imports no message
 * runtime; `strand`'s tests check it against the generated `RetryInfo`.
 *
 * ```proto
 * message RetryInfo { google.protobuf.Duration retry_delay = 1; }
 * message Duration { int64 seconds = 1; int32 nanos = 2; }
 * ```
 */
import { detailIs, type ErrorDetail } from "./error-detail.ts";

/** Full name of the detail type read here. */
export const RETRY_INFO_TYPE = "google.rpc.RetryInfo";

const VARINT = 0;
const FIXED64 = 1;
const LENGTH_DELIMITED = 2;
const FIXED32 = 5;

/**
 * The delay of the first `RetryInfo` among `details` that has a valid one, in ms; `undefined`
 * when there is none (absent, malformed, negative or out-of-range `retryDelay`).
 */
export function retryDelayMs(details: readonly ErrorDetail[]): number | undefined {
  for (const detail of details) {
    if (!detailIs(detail, RETRY_INFO_TYPE)) continue;
    const ms = decodeRetryDelay(detail.value);
    if (ms !== undefined) return ms;
  }
  return undefined;
}

function decodeRetryDelay(bytes: Uint8Array): number | undefined {
  let seconds = 0;
  let nanos = 0;
  let present = false;
  const readDuration = (no: number, wire: number, value: number): boolean => {
    if (wire !== VARINT) return no !== 1 && no !== 2; // a known field with another wire type is malformed
    if (no === 1) seconds = value;
    else if (no === 2) nanos = value;
    return true;
  };
  const wellFormed = scan(bytes, 0, bytes.length, (no, wire, _value, start, end) => {
    if (no !== 1) return true;
    if (wire !== LENGTH_DELIMITED) return false;
    present = true; // a repeated message field merges: later fields overwrite earlier ones
    return scan(bytes, start, end, readDuration);
  });
  if (!wellFormed || !present || seconds < 0 || nanos < 0 || nanos > 999_999_999) return undefined;
  return seconds * 1000 + nanos / 1e6;
}

/**
 * Calls `visit(fieldNumber, wireType, varintValue, start, end)` for each field in `[start, end)`;
 * `start`/`end` bound a length-delimited value. A varint value past 2^53 (negative numbers are)
 * arrives as `-1`. False when the bytes are malformed or `visit` says so.
 */
function scan(
  bytes: Uint8Array,
  start: number,
  end: number,
  visit: (no: number, wire: number, value: number, start: number, end: number) => boolean,
): boolean {
  const cursor = { offset: start };
  while (cursor.offset < end) {
    const tag = readUint(bytes, cursor, end);
    if (tag < 1) return false;
    const no = Math.floor(tag / 8);
    const wire = tag % 8;
    let value = 0;
    let valueStart = cursor.offset;
    switch (wire) {
      case VARINT:
        value = readUint(bytes, cursor, end);
        if (value === MALFORMED) return false;
        break;
      case FIXED64:
        cursor.offset += 8;
        break;
      case FIXED32:
        cursor.offset += 4;
        break;
      case LENGTH_DELIMITED: {
        const length = readUint(bytes, cursor, end);
        if (length < 0) return false;
        valueStart = cursor.offset;
        cursor.offset += length;
        break;
      }
      default:
        return false; // groups (3, 4) and unknown wire types
    }
    if (cursor.offset > end || no === 0) return false;
    if (!visit(no, wire, value, valueStart, cursor.offset)) return false;
  }
  return true;
}

/** {@link readUint}'s answer for truncated or over-long varints. */
const MALFORMED = -2;

/** A varint of up to 10 bytes: its value, `-1` past 2^53 − 1, or {@link MALFORMED}. */
function readUint(bytes: Uint8Array, cursor: { offset: number }, end: number): number {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    if (cursor.offset >= end) return MALFORMED;
    const b = bytes[cursor.offset++] as number;
    value += (b & 0x7f) * scale;
    if (b < 0x80) return value > Number.MAX_SAFE_INTEGER ? -1 : value;
    scale *= 128;
  }
  return MALFORMED;
}
