import { describe, expect, test } from "bun:test";
import { FrameType } from "./constants.ts";
import { decodeGoAway, decodeRstStream, encodeRstStream, encodeWindowUpdate } from "./control-payloads.ts";
import { ErrorCode } from "./error-code.ts";
import { createRawPeerPair, type RawPeer, rawFrame } from "./testing/raw-peer.ts";
import type { WireStream } from "./stream.ts";

const utf8 = new TextEncoder();
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const headers = (id: number): Uint8Array => rawFrame(FrameType.Headers, 0, id, utf8.encode("h"));
const rst = (id: number): Uint8Array => rawFrame(FrameType.RstStream, 0, id, encodeRstStream(ErrorCode.Cancel));
/** A tight budget: 5 premature resets, none refilled. */
const budget = { resetBurst: 5, resetsPerSecond: 0 };

/** The GOAWAY code the peer got, or "open" when a PING still comes back without one. */
async function outcome(peer: RawPeer): Promise<ErrorCode | "open"> {
  peer.send(rawFrame(FrameType.Ping, 0, 0, new Uint8Array(8)));
  const frame = await peer.waitUntil((f) => f.type === FrameType.GoAway || f.type === FrameType.Ping);
  if (frame === undefined) return ErrorCode.ConnectionLost;
  return frame.type === FrameType.GoAway ? decodeGoAway(frame.payload).code : "open";
}

describe("the premature-reset budget (PROTOCOL.md §11)", () => {
  test("a peer may cancel every stream whose work began: cancels of work under way are not counted", async () => {
    const { peer, session } = createRawPeerPair({ config: budget, onStream: (s) => s.started() });
    peer.handshake();
    for (let id = 1; id <= 101; id += 2) {
      peer.send(headers(id));
      await nextTurn();
      peer.send(rst(id));
    }
    expect(await outcome(peer)).toBe("open");
    session.close();
  });

  test("resets of streams whose owner had not begun are premature: past the budget, GOAWAY ENHANCE_YOUR_CALM", async () => {
    const { peer } = createRawPeerPair({ config: budget, onStream: () => {} });
    peer.handshake();
    for (let id = 1; id <= 21; id += 2) {
      peer.send(headers(id));
      await nextTurn();
      peer.send(rst(id));
    }
    expect(await outcome(peer)).toBe(ErrorCode.EnhanceYourCalm);
  });

  test("a reset in the same read that opened the stream is premature, even if its owner began (rapid reset)", async () => {
    const { peer } = createRawPeerPair({ config: budget, onStream: (s) => s.started() });
    peer.handshake();
    const pairs: number[] = [];
    for (let id = 1; id <= 21; id += 2) pairs.push(...headers(id), ...rst(id));
    peer.send(Uint8Array.from(pairs));
    expect(await outcome(peer)).toBe(ErrorCode.EnhanceYourCalm);
  });

  test("resets we send for the peer's stream errors count too (MadeYouReset)", async () => {
    const streams: WireStream[] = [];
    const { peer } = createRawPeerPair({ config: budget, onStream: (s) => (s.started(), streams.push(s)) });
    peer.handshake();
    for (let id = 1; id <= 21; id += 2) {
      peer.send(headers(id));
      await nextTurn();
      // Overflows the stream's send window: a stream error, so the server resets the stream.
      peer.send(rawFrame(FrameType.WindowUpdate, 0, id, encodeWindowUpdate(2 ** 31 - 1)));
      await nextTurn();
    }
    const resets = peer.frames.filter((f) => f.type === FrameType.RstStream).map((f) => decodeRstStream(f.payload));
    expect(resets.length).toBeGreaterThanOrEqual(5);
    expect(resets.every((code) => code === ErrorCode.FlowControlError)).toBe(true);
    expect(await outcome(peer)).toBe(ErrorCode.EnhanceYourCalm);
    expect(streams.length).toBeLessThanOrEqual(6); // the connection ended at the budget, not after every stream
  });

  test("streams refused over our concurrency limit count: a peer that ignores the limit is ended", async () => {
    const { peer } = createRawPeerPair({ config: { ...budget, maxConcurrentStreams: 1 }, onStream: (s) => s.started() });
    peer.handshake();
    for (let id = 1; id <= 15; id += 2) {
      peer.send(headers(id));
      await nextTurn();
    }
    const refused = peer.frames.filter((f) => f.type === FrameType.RstStream && decodeRstStream(f.payload) === ErrorCode.RefusedStream);
    expect(refused.length).toBe(5);
    expect(await outcome(peer)).toBe(ErrorCode.EnhanceYourCalm);
  });
});
