import { expect, test } from "bun:test";
import { Flag, FrameType } from "./constants.ts";
import type { MemoryChannel } from "./testing/memory-channel.ts";
import { createRawPeerPair, rawFrame } from "./testing/raw-peer.ts";
import { CONTENTION_WINDOW_MS } from "./turn-contention.ts";

const utf8 = new TextEncoder();
const MESSAGE = 16 * 1024;
const config = { initialStreamWindow: 4 * 1024 * 1024, initialConnectionWindow: 4 * 1024 * 1024 };
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** `n` whole 16 KiB messages on stream 1, each filled with its index, as one buffer. */
function messages(from: number, n: number): Uint8Array {
  const frames = Array.from({ length: n }, (_, i) => rawFrame(FrameType.Data, Flag.EndMessage, 1, new Uint8Array(MESSAGE).fill(from + i)));
  const out = new Uint8Array(frames.reduce((sum, f) => sum + f.length, 0));
  let at = 0;
  for (const f of frames) at = (out.set(f, at), at + f.length);
  return out;
}

/** A session with stream 1 open, whose owner records each message's first byte. */
async function opened(): Promise<{ session: ReturnType<typeof createRawPeerPair>["session"]; seen: number[] }> {
  const seen: number[] = [];
  const { peer, session } = createRawPeerPair({
    config,
    onStream: (s) => {
      s.listen({ onHeaders() {}, onMessage: (bytes, start) => void seen.push(bytes[start]!), onEnd() {}, onError() {} });
      s.request(Number.MAX_SAFE_INTEGER);
    },
  });
  peer.handshake();
  peer.send(rawFrame(FrameType.Headers, 0, 1, utf8.encode("h")));
  await peer.waitFor(FrameType.Settings);
  while (session.activeStreams === 0) await nextTurn();
  return { session, seen };
}

test("while other connections use the loop, one read larger than a turn's work budget is handled over several turns, in order; what arrives meanwhile waits, reading paused", async () => {
  const { session, seen } = await opened();
  const other = createRawPeerPair({});
  other.peer.handshake();
  await other.peer.waitFor(FrameType.Settings);
  const flood = messages(0, 40);
  const more = messages(40, 10);
  other.session.receive(rawFrame(FrameType.Ping, 0, 0, new Uint8Array(8))); // another connection read just now
  session.receive(flood); // one read of 640 KiB, as a socket would deliver it
  expect(seen.length).toBeGreaterThan(0);
  expect(seen.length).toBeLessThan(40); // the rest waits for later turns
  session.receive(more); // more arrives meanwhile: held, and reading stops
  expect((session.channel as MemoryChannel).paused).toBe(true);
  while (seen.length < 50) await nextTurn();
  expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => i));
  expect((session.channel as MemoryChannel).paused).toBe(false);
  session.close();
  other.session.close();
});

test("a connection alone on the event loop reads on without yielding: nobody waits for its turns", async () => {
  const { session, seen } = await opened();
  const flood = messages(0, 40);
  await Bun.sleep(CONTENTION_WINDOW_MS + 20); // no other connection read since
  session.receive(flood);
  expect(seen.length).toBe(40);
  session.close();
});

test("while other connections use the loop, a read of valid calls is cut by time, not only by bytes: header blocks that cost more than their size wait for the next turn", async () => {
  let clock = performance.now();
  const opened: number[] = [];
  // Every reading of the clock is 0.2 ms later: each call the turn starts costs that much.
  const { peer, session } = createRawPeerPair({ now: () => (clock += 0.2), onStream: (s) => void opened.push(s.id) });
  peer.handshake();
  await peer.waitFor(FrameType.Settings);
  const other = createRawPeerPair({});
  other.peer.handshake();
  await other.peer.waitFor(FrameType.Settings);
  const calls = Array.from({ length: 20 }, (_, i) => rawFrame(FrameType.Headers, 0, 2 * i + 1, utf8.encode("h")));
  const read = new Uint8Array(calls.reduce((sum, f) => sum + f.length, 0)); // ~300 bytes: far below the byte budget
  let at = 0;
  for (const f of calls) at = (read.set(f, at), at + f.length);
  other.session.receive(rawFrame(FrameType.Ping, 0, 0, new Uint8Array(8)));
  session.receive(read);
  expect(opened.length).toBeGreaterThan(0);
  expect(opened.length).toBeLessThan(20); // TURN_TIME_MS (0.5 ms) spent after a few calls
  while (opened.length < 20) await nextTurn();
  expect(opened).toEqual(Array.from({ length: 20 }, (_, i) => 2 * i + 1));
  session.close();
  other.session.close();
});
