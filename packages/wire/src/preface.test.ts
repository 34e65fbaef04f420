import { expect, test } from "bun:test";
import { PREFACE_LENGTH } from "./constants.ts";
import { encodePreface, PrefaceReader } from "./preface.ts";

const preface = encodePreface();

test("a first read holding the whole preface is judged in place: the rest is a view of the same read", () => {
  const chunk = new Uint8Array([...preface, 1, 2, 3]);
  const rest = new PrefaceReader().read(chunk)!;
  expect([...rest]).toEqual([1, 2, 3]);
  expect(rest.buffer).toBe(chunk.buffer);
});

test("a preface split across reads, byte by byte, is joined; the bytes after it come back", () => {
  const reader = new PrefaceReader();
  for (let i = 0; i < PREFACE_LENGTH - 1; i++) expect(reader.read(preface.subarray(i, i + 1))).toBeUndefined();
  expect([...reader.read(new Uint8Array([preface[PREFACE_LENGTH - 1]!, 9]))!]).toEqual([9]);
  expect(reader.done).toBe(true);
});

test("a wrong first byte is refused at once, whole or split", () => {
  expect(() => new PrefaceReader().read(new Uint8Array(16))).toThrow(/not STRAND/);
  expect(() => new PrefaceReader().read(new Uint8Array([0x47]))).toThrow(/not STRAND/);
});
