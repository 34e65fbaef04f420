import { expect, test } from "bun:test";
import { appendEncoded } from "./append-encoded.ts";
import { BinaryReader } from "./binary-reader.ts";

test("appendEncoded writes after the sink's bytes, grows the sink keeping them, and on failure leaves its length", () => {
  const sink = { bytes: new Uint8Array([1, 2, 9]), length: 2 };
  appendEncoded(sink, 300, (v, w) => w.uint32(v));
  expect([...sink.bytes.subarray(0, sink.length)]).toEqual([1, 2, 0xac, 0x02]);

  const text = "x".repeat(1000);
  appendEncoded(sink, text, (s, w) => w.uint32(10).string(s));
  expect(sink.length).toBe(4 + 1 + 2 + 1000);
  expect([...sink.bytes.subarray(0, 4)]).toEqual([1, 2, 0xac, 0x02]);
  const r = new BinaryReader(sink.bytes, 4, sink.length);
  expect(r.uint32()).toBe(10);
  expect(r.string()).toBe(text);

  const before = sink.length;
  expect(() =>
    appendEncoded(sink, 0, (_, w) => {
      w.uint32(5);
      throw new Error("unencodable");
    }),
  ).toThrow("unencodable");
  expect(sink.length).toBe(before);
});

test("fixed-width values land right in a sink that is a view into a larger buffer", () => {
  const whole = new Uint8Array(32);
  const sink = { bytes: whole.subarray(8, 24), length: 1 };
  appendEncoded(sink, 1.5, (v, w) => w.double(v).fixed32(7));
  expect(sink.length).toBe(13);
  const view = new DataView(whole.buffer, 8);
  expect(view.getFloat64(1, true)).toBe(1.5);
  expect(view.getUint32(9, true)).toBe(7);
});
