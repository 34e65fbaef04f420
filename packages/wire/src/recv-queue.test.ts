import { expect, test } from "bun:test";
import { Flag } from "./constants.ts";
import { RecvQueue } from "./recv-queue.ts";
import { WireError } from "./wire-error.ts";

test("messages come out in order as ranges of their buffers, with the credit each holds; read buffers are let go", () => {
  const q = new RecvQueue();
  const a = Uint8Array.of(0, 0, 0, 2, 7, 8);
  q.push(a, 4, 6, 6);
  q.push(Uint8Array.of(9), 0, 1, 1);
  expect(q.size).toBe(2);
  expect(q.shift()).toBe(a);
  expect([q.shiftedStart, q.shiftedEnd, q.shiftedCost]).toEqual([4, 6, 6]);
  expect([...q.shift()]).toEqual([9]);
  expect([q.shiftedStart, q.shiftedEnd, q.shiftedCost, q.size]).toEqual([0, 1, 1, 0]);
});

test("a fragmented message is reassembled; its fragments' credit is held until released or the message completes", () => {
  const q = new RecvQueue();
  const first = Uint8Array.of(0, 0, 0, 5, 1, 2); // MESSAGE_START: total length 5, then 2 bytes
  expect(q.fragment(Flag.MessageStart, first, 100)).toBeUndefined();
  expect(q.reassembling).toBe(true);
  expect(q.releasePartial()).toBe(6);
  expect(q.releasePartial()).toBe(0);
  expect(q.fragment(0, Uint8Array.of(3), 100)).toBeUndefined();
  const message = q.fragment(Flag.EndMessage, Uint8Array.of(4, 5), 100);
  expect([...message!]).toEqual([1, 2, 3, 4, 5]);
  expect(q.shiftedCost).toBe(1 + 2); // the fragments not yet released, and this frame
  expect(q.reassembling).toBe(false);
});

test("a declared length over the limit fails before anything is buffered", () => {
  const q = new RecvQueue();
  expect(() => q.fragment(Flag.MessageStart, Uint8Array.of(0, 0, 1, 0, 1), 100)).toThrow(WireError);
  expect(q.reassembling).toBe(false);
});
