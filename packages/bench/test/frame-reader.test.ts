import { describe, expect, test } from "bun:test";
import { FrameReader, encodeFrame, join } from "../src/raw/frame-reader.ts";
import { SocketWriter } from "../src/raw/socket-writer.ts";

const frames = [new Uint8Array([1, 2, 3]), new Uint8Array(0), new Uint8Array(300).fill(9)];
const stream = join(frames.map(encodeFrame), frames.reduce((n, f) => n + 4 + f.length, 0));

function collect(chunks: readonly Uint8Array[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  const reader = new FrameReader((body) => out.push(body.slice()));
  for (const chunk of chunks) reader.push(chunk);
  expect(reader.buffered).toBe(0);
  return out;
}

describe("FrameReader", () => {
  test("coalesced input yields every frame", () => {
    expect(collect([stream])).toEqual(frames);
  });

  test("byte-by-byte input yields the same frames", () => {
    expect(collect([...stream].map((b) => new Uint8Array([b])))).toEqual(frames);
  });

  test("arbitrary splits yield the same frames", () => {
    for (const cut of [1, 3, 4, 5, 7, 100, 200]) {
      const chunks: Uint8Array[] = [];
      for (let i = 0; i < stream.length; i += cut) chunks.push(stream.slice(i, i + cut));
      expect(collect(chunks)).toEqual(frames);
    }
  });

  test("rejects a frame above the limit before buffering it", () => {
    const reader = new FrameReader(() => {});
    expect(() => reader.push(new Uint8Array([0xff, 0xff, 0xff, 0xff]))).toThrow(RangeError);
  });
});

describe("SocketWriter", () => {
  test("keeps order across partial writes and drains", () => {
    const written: number[] = [];
    let budget = 2;
    const writer = new SocketWriter({
      write(data) {
        const n = Math.min(budget, data.length);
        written.push(...data.subarray(0, n));
        budget -= n;
        return n;
      },
    });
    writer.write(new Uint8Array([1, 2, 3]));
    writer.write(new Uint8Array([4, 5]));
    expect(writer.pending).toBe(3);
    budget = 10;
    expect(writer.drain()).toBe(true);
    expect(written).toEqual([1, 2, 3, 4, 5]);
    expect(writer.pending).toBe(0);
  });
});
