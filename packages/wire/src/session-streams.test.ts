import { expect, test } from "bun:test";
import { FrameType, PROTOCOL_DEFAULTS } from "./constants.ts";
import { createRawPeerPair, rawFrame } from "./testing/raw-peer.ts";
import { encodeSettings, initialPeerSettings } from "./settings.ts";

const utf8 = new TextEncoder();

/** Waits (bounded) until `ready()` holds: the session applies what the raw peer sent on its next turn. */
async function until(ready: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !ready(); i++) await new Promise((r) => setTimeout(r, 1));
  expect(ready()).toBe(true);
}

test("our streams wait for the peer's concurrency limit and are admitted, in order, as slots free up", async () => {
  const { peer, session } = createRawPeerPair({ role: "client" });
  peer.handshake({ maxConcurrentStreams: 1 });
  await until(() => session.peer.maxConcurrentStreams === 1);
  const first = session.openStream(utf8.encode("1"));
  const second = session.openStream(utf8.encode("2"));
  expect(session.diagnostics.pendingStreams).toBe(1);
  await peer.waitUntil((f) => f.type === FrameType.Headers && f.streamId === 1);
  expect(peer.frames.some((f) => f.type === FrameType.Headers && f.streamId === 3)).toBe(false);
  first.reset(); // frees the slot
  await peer.waitUntil((f) => f.type === FrameType.Headers && f.streamId === 3);
  expect([second.id, session.diagnostics.pendingStreams]).toEqual([3, 0]);
  session.close();
});

test("a larger initial window from the peer's SETTINGS reaches every open stream's send credit", async () => {
  const { peer, session } = createRawPeerPair({ role: "client" });
  peer.handshake();
  await until(() => session.peer !== initialPeerSettings);
  const stream = session.openStream(utf8.encode("h"));
  const before = stream.sendWindow.available;
  peer.send(rawFrame(FrameType.Settings, 0, 0, encodeSettings({ ...PROTOCOL_DEFAULTS, initialStreamWindow: PROTOCOL_DEFAULTS.initialStreamWindow + 1000 })));
  await peer.waitUntil(() => stream.sendWindow.available === before + 1000);
  expect(stream.sendWindow.available).toBe(before + 1000);
  session.close();
});
