import { expect, test } from "bun:test";
import fc from "fast-check";
import { utf8Length, utf8Read, utf8ReadPortable, utf8Write } from "./utf8.ts";

const decoder = new TextDecoder();

test("decoding matches TextDecoder on any bytes (invalid sequences become U+FFFD)", () => {
  fc.assert(
    fc.property(fc.oneof(fc.uint8Array({ maxLength: 80 }), fc.string({ maxLength: 40 }).map((s) => new TextEncoder().encode(s))), fc.nat(5), (bytes, cut) => {
      const start = Math.min(cut, bytes.length);
      const want = decoder.decode(bytes.subarray(start));
      expect(utf8Read(bytes, start, bytes.length)).toBe(want);
      expect(utf8ReadPortable(bytes, start, bytes.length)).toBe(want);
    }),
    { numRuns: 500 },
  );
});

test("encoding matches TextEncoder, lengths agree", () => {
  fc.assert(
    fc.property(fc.string({ unit: "binary", maxLength: 60 }), (s) => {
      const expected = new TextEncoder().encode(s);
      const buf = new Uint8Array(s.length * 3);
      const end = utf8Write(s, buf, 0);
      expect(buf.subarray(0, end)).toEqual(expected);
      expect(utf8Length(s)).toBe(expected.length);
    }),
    { numRuns: 200 },
  );
});
