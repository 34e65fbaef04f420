/**
 * Strict UTF-8 for `string` fields that must be valid (proto3, and editions' default
 * `utf8_validation = VERIFY`): protobuf implementations reject such a message rather than change
 * its text. The check costs almost nothing on valid input: the fast lenient decoder runs first,
 * and only a result holding U+FFFD — the replacement it makes for bad bytes, but also a real
 * character — has its bytes validated.
 */
import type { BinaryReader } from "./binary-reader.ts";
import { ProtobufError } from "./protobuf-error.ts";
import { utf8Read } from "./utf8.ts";

/** Whether `buf[start, end)` is well-formed UTF-8 (no overlong forms, surrogates or values past U+10FFFF). */
export function isValidUtf8(buf: Uint8Array, start: number, end: number): boolean {
  let i = start;
  while (i < end) {
    const b = buf[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if ((b & 0xe0) === 0xc0) [need, min] = [1, 0x80];
    else if ((b & 0xf0) === 0xe0) [need, min] = [2, 0x800];
    else if ((b & 0xf8) === 0xf0) [need, min] = [3, 0x10000];
    else return false;
    if (i + need >= end) return false;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = buf[i + k]!;
      if ((c & 0xc0) !== 0x80) return false;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += need + 1;
  }
  return true;
}

/** Reads a length-prefixed string that must be UTF-8; throws `invalid_utf8` (naming the offset) otherwise. */
export function verifiedString(r: BinaryReader): string {
  const end = r.delimited();
  const start = r.pos;
  r.pos = end;
  const s = utf8Read(r.buf, start, end);
  if (s.indexOf("\uFFFD") >= 0 && !isValidUtf8(r.buf, start, end)) {
    throw new ProtobufError("invalid_utf8", `a string field holds invalid UTF-8 (${end - start} bytes at offset ${start})`);
  }
  return s;
}
