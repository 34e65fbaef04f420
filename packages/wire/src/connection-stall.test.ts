import { expect, test } from "bun:test";
import { FrameType } from "./constants.ts";
import { encodeWindowUpdate } from "./control-payloads.ts";
import { createRawPeerPair, rawFrame } from "./testing/raw-peer.ts";

const utf8 = new TextEncoder();

test("a sender out of connection credit waits for WINDOW_UPDATE without spinning the event loop", async () => {
  const { peer, session } = createRawPeerPair({ role: "client" });
  // A stream window far larger than the connection's 64 KiB: the connection is what runs out.
  peer.handshake({ initialStreamWindow: 16 * 1024 * 1024 });
  await peer.waitFor(FrameType.Settings);
  const stream = session.openStream(utf8.encode("h"));
  void stream.send(new Uint8Array(1024 * 1024));
  let sent = 0;
  await peer.waitUntil((f) => f.type === FrameType.Data && (sent += f.payload.length) >= 60 * 1024);
  await Bun.sleep(10); // the scheduler has hit the shut window
  const realSetImmediate = globalThis.setImmediate;
  let scheduled = 0;
  globalThis.setImmediate = ((callback: (...args: unknown[]) => void, ...args: unknown[]) => {
    scheduled++;
    return realSetImmediate(callback, ...args);
  }) as typeof setImmediate;
  try {
    await Bun.sleep(50);
  } finally {
    globalThis.setImmediate = realSetImmediate;
  }
  // Before the fix the session flushed once per turn for as long as the window stayed shut (thousands here).
  expect(scheduled).toBeLessThan(5);
  // Credit moves it on at once.
  const before = sent;
  const more = peer.waitUntil((f) => f.type === FrameType.Data && (sent += f.payload.length) >= before + 100 * 1024);
  peer.send(rawFrame(FrameType.WindowUpdate, 0, 0, encodeWindowUpdate(200 * 1024)));
  expect(await more).toBeDefined();
  session.close();
});
