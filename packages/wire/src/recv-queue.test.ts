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

test("empty messages pin no read and consecutive ones of the same credit share one entry; all come out in order with their credit", () => {
  const q = new RecvQueue();
  const read = Uint8Array.of(1, 2, 3);
  q.push(read, 0, 1, 33);
  for (let i = 0; i < 3; i++) q.push(read, 2, 2, 32);
  q.push(read, 1, 3, 34);
  q.push(read, 3, 3, 32);
  q.push(read, 3, 3, 36); // an empty message of another credit (batched: its length prefix too)
  expect([q.size, q.queuedCost]).toEqual([5, 33 + 3 * 32 + 34 + 32 + 36]);
  const out: [number, number, number, boolean][] = [];
  while (q.size > 0) {
    const bytes = q.shift();
    out.push([q.shiftedEnd - q.shiftedStart, q.shiftedCost, q.shiftedStart, bytes === read]);
  }
  expect(out).toEqual([
    [1, 33, 0, true],
    [0, 32, 0, false],
    [0, 32, 0, false],
    [0, 32, 0, false],
    [2, 34, 1, true],
    [0, 32, 0, false],
    [0, 36, 0, false],
  ]);
  expect(q.queuedCost).toBe(0);
});

test("a million queued empty messages are one entry", () => {
  const q = new RecvQueue();
  const read = new Uint8Array(64 * 1024);
  for (let i = 0; i < 1_000_000; i++) q.push(read, 9 * i, 9 * i, 32);
  expect([q.size, q.queuedCost]).toEqual([1, 32_000_000]);
  let n = 0;
  while (q.size > 0 && q.shift().length === 0) n++;
  expect(n).toBe(1_000_000);
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
