import { expect, test } from "bun:test";
import fc from "fast-check";
import { readVarint, varintSize, writeVarint } from "./varint.ts";

test("round-trips every safe integer and sizes it exactly", () => {
  fc.assert(
    fc.property(fc.maxSafeNat(), (n) => {
      const out = new Uint8Array(10);
      const end = writeVarint(out, 0, n);
      expect(end).toBe(varintSize(n));
      const cursor = { offset: 0 };
      expect(readVarint(out, cursor)).toBe(n);
      expect(cursor.offset).toBe(end);
    }),
  );
});

test("known encodings (LEB128, as protobuf)", () => {
  const enc = (n: number) => {
    const out = new Uint8Array(10);
    return [...out.subarray(0, writeVarint(out, 0, n))];
  };
  expect(enc(0)).toEqual([0]);
  expect(enc(127)).toEqual([0x7f]);
  expect(enc(128)).toEqual([0x80, 0x01]);
  expect(enc(300)).toEqual([0xac, 0x02]);
});

test("truncated and overlong input is rejected with -1", () => {
  expect(readVarint(new Uint8Array([0x80]), { offset: 0 })).toBe(-1);
  expect(readVarint(new Uint8Array(9).fill(0xff), { offset: 0 })).toBe(-1);
  expect(readVarint(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]), { offset: 0 })).toBe(-1);
});
