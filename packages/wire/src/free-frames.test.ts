import { describe, expect, test } from "bun:test";
import { Flag, FrameType, MESSAGE_CREDIT } from "./constants.ts";
import { decodeGoAway, decodeRstStream } from "./control-payloads.ts";
import { ErrorCode } from "./error-code.ts";
import type { WireStream } from "./stream.ts";
import { createSessionPair } from "./testing/session-pair.ts";
import { createRawPeerPair, type RawPeer, rawFrame } from "./testing/raw-peer.ts";

const utf8 = new TextEncoder();
const EMPTY = new Uint8Array(0);
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const WINDOW = 64 * 1024;

async function pingBack(peer: RawPeer): Promise<FrameType | undefined> {
  peer.send(rawFrame(FrameType.Ping, 0, 0, new Uint8Array(8)));
  return (await peer.waitUntil((f) => f.type === FrameType.GoAway || (f.type === FrameType.Ping && f.flags !== 0)))?.type;
}

describe("no free frames (CVE-2019-9518)", () => {
  test("each message costs MESSAGE_CREDIT: empty messages to a reader that does not read stop at its window", async () => {
    const streams: WireStream[] = [];
    const { peer, session } = createRawPeerPair({ config: { initialStreamWindow: WINDOW }, onStream: (s) => void streams.push(s) });
    peer.handshake();
    peer.send(rawFrame(FrameType.Headers, 0, 1, utf8.encode("h")));
    const fit = WINDOW / MESSAGE_CREDIT;
    const flood: number[] = [];
    for (let i = 0; i < fit + 1000; i++) flood.push(...rawFrame(FrameType.Data, Flag.EndMessage, 1, EMPTY));
    peer.send(Uint8Array.from(flood));
    const reset = await peer.waitFor(FrameType.RstStream);
    expect(reset?.streamId).toBe(1);
    expect(decodeRstStream(reset!.payload)).toBe(ErrorCode.FlowControlError);
    expect(await pingBack(peer)).toBe(FrameType.Ping); // only that stream failed
    // What was queued before the overspend is bounded by the window, not by the flood.
    let queued = 0;
    await (async () => {
      try {
        for await (const _ of streams[0]!) queued++;
      } catch {
        // the stream was reset after its window's worth
      }
    })();
    expect(queued).toBeLessThanOrEqual(fit);
    session.close();
  });

  test("a Strand sender and receiver agree on it: empty messages wait for credit and all arrive once read", async () => {
    const received: Promise<number>[] = [];
    const { client, server } = createSessionPair({
      server: { initialStreamWindow: WINDOW },
      onStream: (s: WireStream) => {
        s.respond(utf8.encode("ok"));
        received.push((async () => {
          await Bun.sleep(20); // not reading yet: the sender must stop at the window
          let n = 0;
          for await (const _ of s) n++;
          s.end();
          return n;
        })());
      },
    });
    const stream = client.openStream(utf8.encode("h"));
    const total = 10_000;
    let blockedAt = -1;
    for (let i = 0; i < total; i++) {
      const sent = stream.send(EMPTY);
      if (blockedAt < 0 && !stream.writable) blockedAt = i;
      if (i % 500 === 0) await nextTurn();
      if (blockedAt >= 0) await sent;
    }
    stream.end();
    expect(blockedAt).toBeGreaterThan(0);
    expect(blockedAt).toBeLessThanOrEqual(WINDOW / MESSAGE_CREDIT + 500);
    expect(await received[0]!).toBe(total);
    client.close();
    server.close();
  });

  test("empty DATA frames (no bytes, no END_MESSAGE, no END_STREAM) past the allowance end the connection with PROTOCOL_ERROR", async () => {
    const { peer } = createRawPeerPair({ config: { emptyFrameBurst: 10, emptyFramesPerSecond: 0 }, onStream: () => {} });
    peer.handshake();
    peer.send(rawFrame(FrameType.Headers, 0, 1, utf8.encode("h")));
    for (let i = 0; i < 10; i++) peer.send(rawFrame(FrameType.Data, 0, 1, EMPTY));
    expect(await pingBack(peer)).toBe(FrameType.Ping); // within the allowance
    peer.send(rawFrame(FrameType.Data, 0, 1, EMPTY));
    const goAway = await peer.waitFor(FrameType.GoAway);
    expect(decodeGoAway(goAway!.payload).code).toBe(ErrorCode.ProtocolError);
    expect(decodeGoAway(goAway!.payload).reason).toContain("empty DATA");
  });
});
