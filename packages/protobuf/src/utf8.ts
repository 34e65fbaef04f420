/**
 * UTF-8 encoding and decoding tuned for the short strings that dominate protobuf messages: a plain
 * loop beats `TextEncoder`/`TextDecoder` call overhead below a few dozen characters; longer strings
 * use the native codecs. Lone surrogates encode as U+FFFD, as `TextEncoder` does.
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });

/** Strings shorter than this are decoded by the JS loop; longer ones by `TextDecoder`. */
const SHORT_DECODE = 16;

type Utf8Slice = (this: Uint8Array, start: number, end: number) => string;

/**
 * Bun's (and Node's) native `Buffer#utf8Slice` also works on a plain `Uint8Array` and is about twice
 * as fast as `TextDecoder` for message-sized strings (no `subarray` allocation). Used when present
 * and behaving; browsers take the portable path.
 */
const nativeSlice: Utf8Slice | undefined = (() => {
  const candidate = typeof Buffer === "function" ? (Buffer.prototype as unknown as { utf8Slice?: Utf8Slice }).utf8Slice : undefined;
  if (typeof candidate !== "function") return undefined;
  try {
    const probe = new Uint8Array([0x68, 0xc3, 0xa9, 0xff, 0x21]);
    return candidate.call(probe, 0, 5) === decoder.decode(probe) ? candidate : undefined;
  } catch {
    return undefined;
  }
})();

/**
 * Writes `s` as UTF-8 into `buf` at `pos` and returns the new position. The caller guarantees room
 * for `3 * s.length` bytes (the UTF-8 worst case per UTF-16 unit).
 */
export function utf8Write(s: string, buf: Uint8Array, pos: number): number {
  const n = s.length;
  if (n > 64) return pos + encoder.encodeInto(s, buf.subarray(pos)).written;
  let p = pos;
  for (let i = 0; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      buf[p++] = c;
    } else if (c < 0x800) {
      buf[p++] = (c >> 6) | 0xc0;
      buf[p++] = (c & 63) | 0x80;
    } else {
      if ((c & 0xfc00) === 0xd800 && i + 1 < n) {
        const d = s.charCodeAt(i + 1);
        if ((d & 0xfc00) === 0xdc00) {
          c = 0x10000 + ((c & 0x3ff) << 10) + (d & 0x3ff);
          i++;
          buf[p++] = (c >> 18) | 0xf0;
          buf[p++] = ((c >> 12) & 63) | 0x80;
          buf[p++] = ((c >> 6) & 63) | 0x80;
          buf[p++] = (c & 63) | 0x80;
          continue;
        }
      }
      if ((c & 0xf800) === 0xd800) c = 0xfffd; // lone surrogate
      buf[p++] = (c >> 12) | 0xe0;
      buf[p++] = ((c >> 6) & 63) | 0x80;
      buf[p++] = (c & 63) | 0x80;
    }
  }
  return p;
}

/** The UTF-8 byte length of `s` (lone surrogates count as the 3 bytes of U+FFFD). */
export function utf8Length(s: string): number {
  let len = 0;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) len += 1;
    else if (c < 0x800) len += 2;
    else if ((c & 0xfc00) === 0xd800 && i + 1 < n && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      i++;
      len += 4;
    } else len += 3;
  }
  return len;
}

/**
 * Decodes `buf[start, end)` as UTF-8. Invalid sequences become U+FFFD (the WHATWG decoder's
 * behaviour, matching protobufjs and protobuf-es), so decoding never throws on odd bytes.
 */
export function utf8Read(buf: Uint8Array, start: number, end: number): string {
  if (nativeSlice !== undefined) return nativeSlice.call(buf, start, end);
  return utf8ReadPortable(buf, start, end);
}

/** {@link utf8Read} without the native fast path (what browsers run); exported for tests. */
export function utf8ReadPortable(buf: Uint8Array, start: number, end: number): string {
  if (end - start > SHORT_DECODE) return decoder.decode(buf.subarray(start, end));
  let s = "";
  for (let i = start; i < end; i++) {
    const c = buf[i]!;
    if (c >= 0x80) return decoder.decode(buf.subarray(start, end));
    s += String.fromCharCode(c);
  }
  return s;
}
