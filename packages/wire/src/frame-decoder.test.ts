import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { FrameType } from "./constants.ts";
import { ErrorCode } from "./error-code.ts";
import { encodeFrame, type Frame } from "./frame.ts";
import { FrameDecoder } from "./frame-decoder.ts";
import { WireError } from "./wire-error.ts";

const MAX = 64 * 1024;

const frameArb: fc.Arbitrary<Frame> = fc.record({
  type: fc.integer({ min: 0, max: 6 }).map((t) => t as FrameType),
  flags: fc.integer({ min: 0, max: 255 }),
  streamId: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  payload: fc.oneof(fc.uint8Array({ maxLength: 64 }), fc.uint8Array({ minLength: 1000, maxLength: 5000 })),
});

/** Concatenates frames and cuts the bytes at the given sorted cut points. */
function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let last = 0;
  for (const p of points) {
    out.push(bytes.subarray(last, p));
    last = p;
  }
  out.push(bytes.subarray(last));
  return out;
}

function decodeAll(chunks: Uint8Array[], max = MAX): Frame[] {
  const decoder = new FrameDecoder(max);
  const frames: Frame[] = [];
  for (const chunk of chunks) {
    decoder.push(chunk);
    for (let f = decoder.next(); f !== undefined; f = decoder.next()) frames.push({ type: f.type, flags: f.flags, streamId: f.streamId, payload: f.payload.slice() });
  }
  expect(decoder.bufferedBytes).toBe(0);
  return frames;
}

describe("FrameDecoder", () => {
  test("property: any frame sequence split at any boundaries decodes to the same frames", () => {
    fc.assert(
      fc.property(fc.array(frameArb, { maxLength: 20 }), fc.array(fc.nat(), { maxLength: 30 }), (frames, cuts) => {
        const bytes = Buffer.concat(frames.map(encodeFrame));
        const decoded = decodeAll(split(new Uint8Array(bytes), cuts));
        expect(decoded).toEqual(frames.map((f) => ({ ...f, payload: new Uint8Array(f.payload) })));
      }),
      { numRuns: 300 },
    );
  });

  test("byte-by-byte and all-coalesced inputs agree", () => {
    const frames: Frame[] = [
      { type: FrameType.Headers, flags: 3, streamId: 1, payload: new Uint8Array([1, 2, 3]) },
      { type: FrameType.Data, flags: 0, streamId: 1, payload: new Uint8Array(0) },
      { type: FrameType.Ping, flags: 1, streamId: 0, payload: new Uint8Array(8).fill(9) },
    ];
    const bytes = new Uint8Array(Buffer.concat(frames.map(encodeFrame)));
    const oneByOne = decodeAll(Array.from(bytes, (b) => new Uint8Array([b])));
    const whole = decodeAll([bytes]);
    expect(oneByOne).toEqual(whole);
    expect(whole.length).toBe(3);
  });

  test("a payload inside one chunk is returned without copying", () => {
    const bytes = encodeFrame({ type: FrameType.Data, flags: 2, streamId: 1, payload: new Uint8Array([5, 6, 7]) });
    const decoder = new FrameDecoder(MAX);
    decoder.push(bytes);
    const frame = decoder.next()!;
    expect(frame.payload.buffer).toBe(bytes.buffer);
  });

  test("an oversized declared length is rejected after the 9-byte header, before any body byte", () => {
    const decoder = new FrameDecoder(16 * 1024);
    decoder.push(new Uint8Array([0x01, 0x00, 0x00, 0, 0, 0, 0, 0, 1]));
    let error: unknown;
    try {
      decoder.next();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WireError);
    expect((error as WireError).code).toBe(ErrorCode.FrameSizeError);
  });
});
