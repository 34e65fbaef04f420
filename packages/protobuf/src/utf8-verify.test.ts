import { expect, test } from "bun:test";
import { BinaryReader } from "./binary-reader.ts";
import { BinaryWriter } from "./binary-writer.ts";
import { ProtobufError } from "./protobuf-error.ts";
import { isValidUtf8, verifiedString } from "./utf8-verify.ts";

const valid = (bytes: number[]): boolean => isValidUtf8(new Uint8Array(bytes), 0, bytes.length);

test("well-formed UTF-8 of every length is valid, agreeing with a fatal TextDecoder", () => {
  for (const s of ["", "a", "é", "€", "😀", "a€😀é", "\uFFFD"]) expect(valid([...new TextEncoder().encode(s)])).toBe(true);
  const fatal = new TextDecoder("utf-8", { fatal: true });
  // Every 2-byte sequence (and a sample of 3- and 4-byte ones): same verdict as the platform's decoder.
  for (let a = 0; a < 256; a++) {
    for (let b = 0; b < 256; b += a >= 0xe0 ? 7 : 1) {
      const bytes = a >= 0xe0 ? [a, b, 0x80 | (b & 0x3f), ...(a >= 0xf0 ? [0x80] : [])] : [a, b];
      let ok = true;
      try {
        fatal.decode(new Uint8Array(bytes));
      } catch {
        ok = false;
      }
      expect({ bytes, ok: valid(bytes) }).toEqual({ bytes, ok });
    }
  }
});

test("overlong forms, surrogates, values past U+10FFFF, stray continuations and cut sequences are not", () => {
  expect(valid([0xc0, 0x80])).toBe(false); // overlong NUL
  expect(valid([0xe0, 0x80, 0x80])).toBe(false); // overlong
  expect(valid([0xed, 0xa0, 0x80])).toBe(false); // U+D800
  expect(valid([0xf4, 0x90, 0x80, 0x80])).toBe(false); // U+110000
  expect(valid([0x80])).toBe(false);
  expect(valid([0xe2, 0x82])).toBe(false); // cut
  expect(valid([0xff])).toBe(false);
});

test("verifiedString reads valid text and refuses invalid bytes with invalid_utf8, leaving other fields readable", () => {
  const bytes = new BinaryWriter().string("héllo").bytes(new Uint8Array([0x61, 0xc3])).finish();
  const r = new BinaryReader(bytes);
  expect(verifiedString(r)).toBe("héllo");
  expect(() => verifiedString(r)).toThrow(ProtobufError);
  let caught: unknown;
  try {
    verifiedString(new BinaryReader(new BinaryWriter().bytes(new Uint8Array([0xff])).finish()));
  } catch (e) {
    caught = e;
  }
  expect((caught as ProtobufError | undefined)?.code).toBe("invalid_utf8");
});
