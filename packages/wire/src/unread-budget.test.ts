import { expect, test } from "bun:test";
import { Flag, FrameType } from "./constants.ts";
import { decodeRstStream } from "./control-payloads.ts";
import { ErrorCode } from "./error-code.ts";
import type { WireStream } from "./stream.ts";
import { createRawPeerPair, rawFrame } from "./testing/raw-peer.ts";

const utf8 = new TextEncoder();
const KiB = 1024;

/** `count` messages of 1 KiB on stream `id`, as one buffer. */
function messages(id: number, count: number): Uint8Array {
  const parts: number[] = [];
  for (let i = 0; i < count; i++) parts.push(...rawFrame(FrameType.Data, Flag.EndMessage, id, new Uint8Array(KiB)));
  return Uint8Array.from(parts);
}

test("unread messages are bounded per connection (maxUnreadBytes), not only per stream: the stream that would go past it is reset", async () => {
  const streams = new Map<number, WireStream>();
  const { peer, session } = createRawPeerPair({
    config: { initialStreamWindow: 64 * KiB, maxUnreadBytes: 100 * KiB },
    onStream: (s) => void streams.set(s.id, s), // owners that do not read (yet)
  });
  peer.handshake();
  for (const id of [1, 3, 5]) peer.send(rawFrame(FrameType.Headers, 0, id, utf8.encode("h")));
  peer.send(messages(1, 40)); // 40 KiB and their MESSAGE_CREDIT: within stream 1's window
  peer.send(messages(3, 40)); // the same on stream 3: 80 KiB and more unread on the connection
  peer.send(messages(5, 40)); // stream 5 would take the connection past 100 KiB
  const reset = await peer.waitFor(FrameType.RstStream);
  expect([reset?.streamId, decodeRstStream(reset!.payload)]).toEqual([5, ErrorCode.EnhanceYourCalm]);
  expect(streams.get(5)?.error?.reason).toContain("maxUnreadBytes");
  expect([streams.get(1)?.error, streams.get(3)?.error]).toEqual([undefined, undefined]);
  // Reading frees it: once stream 1 is read, another stream may queue as much again.
  let read = 0;
  for await (const _ of streams.get(1)!) if (++read === 40) break;
  peer.send(rawFrame(FrameType.Headers, 0, 7, utf8.encode("h")));
  peer.send(messages(7, 40));
  await peer.waitUntil((f) => f.type === FrameType.WindowUpdate || f.streamId === 7);
  await new Promise((resolve) => setImmediate(resolve));
  expect(streams.get(7)?.error).toBeUndefined();
  expect(peer.frames.filter((f) => f.type === FrameType.RstStream && f.streamId === 7)).toEqual([]);
  session.close();
});
