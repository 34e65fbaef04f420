import { expect, test } from "bun:test";
import fc from "fast-check";
import { base64Decode, base64Encode } from "./base64.ts";

test("encodes like Buffer (standard, padded)", () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 40 }), (b) => {
    expect(base64Encode(b)).toBe(Buffer.from(b).toString("base64"));
    expect(base64Decode(base64Encode(b))).toEqual(b);
  }));
});

test("decodes URL-safe and unpadded input", () => {
  expect([...base64Decode("-_8")]).toEqual([0xfb, 0xff]);
  expect([...base64Decode("+/8=")]).toEqual([0xfb, 0xff]);
  expect([...base64Decode("YQ")]).toEqual([0x61]);
  expect([...base64Decode("")]).toEqual([]);
});

test("rejects invalid characters and impossible lengths", () => {
  expect(() => base64Decode("a$==")).toThrow(/invalid base64/);
  expect(() => base64Decode("abcde")).toThrow(/invalid base64/);
  expect(() => base64Decode("YQ=")).toThrow(/invalid base64/);
});
