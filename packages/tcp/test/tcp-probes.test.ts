import { expect, test } from "bun:test";
import { Flag, FrameType, MESSAGE_CREDIT } from "@strand/wire/internal";
import { echoServer } from "./echo-server.ts";
import { connectRaw, frame } from "./raw-peer.ts";

const te = new TextEncoder();

test("bandwidth probes start once a quarter of a stream window has arrived: small calls cost none", async () => {
  await using server = echoServer(); // 256 KiB stream windows by default
  const raw = await connectRaw(server.port!);
  raw.handshake();
  raw.send(frame(FrameType.Headers, 0, 1, te.encode("h")));
  raw.send(frame(FrameType.Data, Flag.EndMessage | Flag.EndStream, 1, te.encode("small")));
  const trailers = await raw.waitUntil((f) => f.type === FrameType.Headers && f.streamId === 1 && (f.flags & Flag.EndStream) !== 0);
  expect(trailers).toBeDefined();
  expect(raw.frames.some((f) => f.type === FrameType.Ping)).toBe(false);

  raw.send(frame(FrameType.Headers, 0, 3, te.encode("h")));
  for (let i = 0; i < 4; i++) raw.send(frame(FrameType.Data, Flag.EndMessage, 3, new Uint8Array(16 * 1024 - 16 - MESSAGE_CREDIT)));
  // Echoed, so the server has read them all: 5 + 4 × 16,336 bytes, and MESSAGE_CREDIT for each of the 5 messages, still under 64 KiB.
  await raw.waitUntil(() => raw.frames.filter((f) => f.type === FrameType.Data && f.streamId === 3).length === 4);
  expect(raw.frames.some((f) => f.type === FrameType.Ping)).toBe(false);
  raw.send(frame(FrameType.Data, Flag.EndMessage, 3, new Uint8Array(100)));
  const probe = await raw.waitFor(FrameType.Ping);
  expect(probe?.flags).toBe(0); // a probe of ours to answer, not an ACK
  raw.socket.end();
});
