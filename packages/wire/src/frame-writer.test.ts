import { expect, test } from "bun:test";
import { Flag, FrameType } from "./constants.ts";
import { FrameDecoder } from "./frame-decoder.ts";
import { frameWriter as writer, WriteResult } from "./frame-writer.ts";
import { recordingChannel } from "../test/helpers.ts";

test("one write per flush: prefix, frames and an open-then-closed BATCH frame decode back in order", () => {
  const channel = recordingChannel(Infinity);
  writer.begin(Uint8Array.of(0xaa, 0xbb));
  writer.frame(FrameType.Ping, 0, 0, new Uint8Array(8));
  writer.frame(FrameType.Data, Flag.MessageStart, 3, Uint8Array.of(1, 2), 10);
  const start = writer.openFrame(100);
  writer.bytes.set([0, 0, 0, 1, 42], start);
  writer.closeFrame(start, start + 5, FrameType.Data, Flag.Batch, 3);
  expect(writer.write(channel)).toBe(WriteResult.Done);
  expect(channel.written.slice(0, 2)).toEqual([0xaa, 0xbb]);
  const decoder = new FrameDecoder(16384);
  decoder.push(Uint8Array.from(channel.written.slice(2)));
  const frames = [];
  for (let f = decoder.next(); f !== undefined; f = decoder.next()) frames.push({ type: f.type, flags: f.flags, id: f.streamId, payload: [...f.payload] });
  expect(frames).toEqual([
    { type: FrameType.Ping, flags: 0, id: 0, payload: [0, 0, 0, 0, 0, 0, 0, 0] },
    { type: FrameType.Data, flags: Flag.MessageStart, id: 3, payload: [0, 0, 0, 10, 1, 2] },
    { type: FrameType.Data, flags: Flag.Batch, id: 3, payload: [0, 0, 0, 1, 42] },
  ]);
});

test("a partial write leaves a copy of only the unwritten rest, which can be written once the channel drains", () => {
  const channel = recordingChannel(4);
  writer.begin(undefined);
  writer.frame(FrameType.Data, Flag.EndMessage, 1, Uint8Array.of(7, 7, 7));
  expect(writer.write(channel)).toBe(WriteResult.Partial);
  let tail = writer.takeUnwritten();
  expect(tail.length).toBe(12 - 4);
  expect(writer.writeTail(channel, tail)).toBe(WriteResult.Partial);
  tail = writer.takeUnwritten();
  channel.accept = Infinity;
  expect(writer.writeTail(channel, tail)).toBe(WriteResult.Done);
  expect(channel.written).toEqual([0, 0, 3, FrameType.Data, Flag.EndMessage, 0, 0, 0, 1, 7, 7, 7]);
});

test("a closed channel is reported, not thrown", () => {
  writer.begin(undefined);
  writer.frame(FrameType.Ping, 0, 0, new Uint8Array(8));
  expect(writer.write({ write: () => -1, close: () => {} })).toBe(WriteResult.Closed);
});

test("a channel that takes a range (writeRange) gets the buffer and the filled length, not a view; a partial range write keeps the rest", () => {
  const ranges: number[] = [];
  let accept = 5;
  const written: number[] = [];
  const channel = {
    write(): number {
      throw new Error("write() is not used when writeRange exists");
    },
    writeRange(bytes: Uint8Array, length: number): number {
      expect(bytes).toBe(writer.bytes);
      ranges.push(length);
      const n = Math.min(accept, length);
      written.push(...bytes.subarray(0, n));
      return n;
    },
    close() {},
  };
  writer.begin(undefined);
  writer.frame(FrameType.Data, Flag.EndMessage, 1, Uint8Array.of(9, 8, 7));
  expect(writer.write(channel)).toBe(WriteResult.Partial);
  expect(ranges).toEqual([12]);
  accept = Infinity;
  const tail = writer.takeUnwritten();
  const rest = recordingChannel(Infinity);
  expect(writer.writeTail(rest, tail)).toBe(WriteResult.Done);
  expect([...written, ...rest.written]).toEqual([0, 0, 3, FrameType.Data, Flag.EndMessage, 0, 0, 0, 1, 9, 8, 7]);
});
