import { expect, test } from "bun:test";
import { Flag, FrameType } from "./constants.ts";
import type { StreamListener } from "./stream-host.ts";
import type { MemoryChannel } from "./testing/memory-channel.ts";
import { createRawPeerPair, rawFrame } from "./testing/raw-peer.ts";

const utf8 = new TextEncoder();
const MESSAGE = 16 * 1024;
const config = { initialStreamWindow: 4 * 1024 * 1024, initialConnectionWindow: 4 * 1024 * 1024 };

/** `n` whole 16 KiB messages on stream 1, each filled with its index, as one buffer (one read). */
function messages(from: number, n: number): Uint8Array {
  const parts: number[] = [];
  for (let i = from; i < from + n; i++) parts.push(...rawFrame(FrameType.Data, Flag.EndMessage, 1, new Uint8Array(MESSAGE).fill(i)));
  return Uint8Array.from(parts);
}

test("a read larger than one turn's work budget is handled over several turns, in order, with reading paused between", async () => {
  const seen: number[] = [];
  /** Messages handled in the turn of the first one: microtasks run only once that turn's work is over. */
  let firstTurn = -1;
  let pausedBetween = false;
  const listener: StreamListener = {
    onHeaders() {},
    onMessage(bytes, start) {
      seen.push(bytes[start]!);
      if (seen.length === 1) queueMicrotask(() => ((firstTurn = seen.length), (pausedBetween = (session.channel as MemoryChannel).paused)));
    },
    onEnd() {},
    onError() {},
  };
  const { peer, session } = createRawPeerPair({
    config,
    channel: { bufferBytes: 4 * 1024 * 1024 }, // the whole flood in one delivery
    onStream: (s) => {
      s.listen(listener);
      s.request(Number.MAX_SAFE_INTEGER);
    },
  });
  peer.handshake();
  peer.send(rawFrame(FrameType.Headers, 0, 1, utf8.encode("h")));
  peer.send(messages(0, 40)); // 640 KiB in one read
  while (seen.length < 40) await new Promise((resolve) => setImmediate(resolve));
  expect(firstTurn).toBeGreaterThan(0);
  expect(firstTurn).toBeLessThan(40); // the rest waited for later turns…
  expect(pausedBetween).toBe(true); // …with the channel paused, so the peer is held back by TCP meanwhile
  peer.send(messages(40, 10)); // and what arrives next comes after it
  while (seen.length < 50) await new Promise((resolve) => setImmediate(resolve));
  expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => i));
  expect((session.channel as MemoryChannel).paused).toBe(false);
  session.close();
});
