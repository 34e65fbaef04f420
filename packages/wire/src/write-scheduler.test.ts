import { expect, test } from "bun:test";
import { Flag, FrameType } from "./constants.ts";
import { FrameDecoder } from "./frame-decoder.ts";
import { SendQueue } from "./send-queue.ts";
import type { FramedStream } from "./stream-framer.ts";
import type { WireStream } from "./stream.ts";
import { noteRead } from "./turn-contention.ts";
import { WriteScheduler } from "./write-scheduler.ts";
import { recordingChannel } from "../test/helpers.ts";

function framesOf(bytes: number[]): Array<[number, number]> {
  const decoder = new FrameDecoder(1 << 24);
  decoder.push(Uint8Array.from(bytes));
  const out: Array<[number, number]> = [];
  for (let f = decoder.next(); f !== undefined; f = decoder.next()) out.push([f.type, f.streamId]);
  return out;
}

function stream(id: number): FramedStream {
  const sendQueue = new SendQueue(1 << 20);
  return { id, sendQueue, sendWindow: sendQueue, isClosed: false, hasSendWaiters: false, marks: 0, opened() {}, endSent() {}, wakeSenders() {} };
}

const closedPort = { isClosed: false, channelGone: false, controlQueueDrained() {}, checkDrained() {}, counters: { bytesSent: 0, streamWindowStalls: 0, connectionWindowStalls: 0 } };

test("control frames go first, then ready streams take turns one frame each (a big message cannot hold the others back)", () => {
  const channel = recordingChannel();
  const scheduler = new WriteScheduler(channel, 1 << 20, closedPort);
  scheduler.connection.grant(1 << 20);
  const a = stream(1);
  const b = stream(3);
  a.sendQueue.pushMessage(new Uint8Array(40_000)); // three frames at 16 KiB
  b.sendQueue.pushMessage(new Uint8Array(10));
  scheduler.markReady(a);
  scheduler.markReady(b);
  scheduler.pushControl(FrameType.Ping, 0, 0, new Uint8Array(8));
  expect(scheduler.flush()).toBe(true);
  expect(framesOf(channel.written)).toEqual([
    [FrameType.Ping, 0],
    [FrameType.Data, 1],
    [FrameType.Data, 3],
    [FrameType.Data, 1],
    [FrameType.Data, 1],
  ]);
  expect(scheduler.idle).toBe(true);
});

test("a partial write keeps the rest, reports backpressure, and sends it first once the channel drains", () => {
  const channel = recordingChannel(10);
  const scheduler = new WriteScheduler(channel, 1 << 20, closedPort);
  const a = stream(1);
  a.sendQueue.pushMessage(new Uint8Array(100));
  scheduler.markReady(a);
  scheduler.flush();
  expect([scheduler.writable, scheduler.unwrittenBytes]).toEqual([false, 9 + 100 - 10]);
  channel.accept = Infinity;
  scheduler.flush();
  expect(scheduler.writable).toBe(true);
  expect(framesOf(channel.written)).toEqual([[FrameType.Data, 1]]);
  expect(channel.written[4]).toBe(Flag.EndMessage);
});

test("senders that wait for the write queue are woken once it drains", () => {
  const channel = recordingChannel(0);
  const scheduler = new WriteScheduler(channel, 1 << 20, closedPort);
  let woken = 0;
  const s = { ...stream(1), wakeSenders: () => void woken++ } as unknown as WireStream;
  scheduler.pushControl(FrameType.Ping, 0, 0, new Uint8Array(8));
  scheduler.flushNow();
  scheduler.waitWritable(s);
  expect(woken).toBe(0);
  channel.accept = Infinity;
  scheduler.flushNow();
  expect(woken).toBe(1);
});

test("while other connections use the loop, a flush writes until its turn's time is spent and leaves the rest to the next turn", async () => {
  let writes = 0;
  let bytes = 0;
  const channel = {
    write(chunk: Uint8Array): number {
      writes++;
      bytes += chunk.length;
      const until = performance.now() + 0.2; // a write that costs 0.2 ms (a large copy into the socket)
      while (performance.now() < until);
      return chunk.length;
    },
    close(): void {},
  };
  const port = { ...closedPort };
  const scheduler = new WriteScheduler(channel, 32 * 1024, port);
  scheduler.connection.grant(4 << 20);
  const a = stream(1);
  a.sendQueue.pushMessage(new Uint8Array(900 * 1024)); // ~28 rounds of 32 KiB (16 at most per flush)
  scheduler.markReady(a);
  noteRead({}, performance.now()); // two connections read just now: the loop is shared
  noteRead({}, performance.now());
  scheduler.flushNow();
  expect(writes).toBeGreaterThan(0);
  expect(writes).toBeLessThan(16); // TURN_TIME_MS (0.5 ms) spent after ~3 writes of 0.2 ms
  const thisTurn = writes;
  for (let i = 0; i < 3; i++) await Promise.resolve();
  expect(writes).toBe(thisTurn); // the rest waits for the next turn, not for a microtask
  while (!scheduler.idle) await new Promise<void>((resolve) => setImmediate(resolve));
  expect(bytes).toBeGreaterThan(900 * 1024); // all of it, framed, in later turns
});
