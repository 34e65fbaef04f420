import { describe, expect, test } from "bun:test";
import { Flag, FrameType } from "./constants.ts";
import { arrivedAlone, respondWith } from "./respond-with.ts";
import type { WireStream } from "./stream.ts";
import type { MemoryChannel } from "./testing/memory-channel.ts";
import { createSessionPair } from "./testing/session-pair.ts";
import { createRawPeerPair, rawFrame } from "./testing/raw-peer.ts";
import { bytesEncoder, collect, echoHandler, text, utf8 } from "../test/helpers.ts";

/**
 * One call in flight (S1): a whole request or answer that is its session's only stream has nothing
 * to share a write with, so it is written at once instead of at the flush a microtask later; and
 * a server knows a request arrived alone (`arrivedAlone`) when no other stream was open and
 * nothing more waited in the read that carried it. Calls made together still share writes.
 */

const H = utf8.encode("h");
const T = utf8.encode("t");
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A pair whose handshake is done (one call answered), so the next writes are the calls' own. */
async function settledPair(onStream: (stream: WireStream) => void = echoHandler): Promise<ReturnType<typeof createSessionPair>> {
  const pair = createSessionPair({ onStream });
  await collect(pair.client.openStream(H, { message: utf8.encode("warm"), end: true }));
  await turn();
  return pair;
}

describe("a whole request alone on its session", () => {
  test("is written before openStream returns, and is answered", async () => {
    const { client, server, clientChannel } = await settledPair();
    const before = clientChannel.bytesWritten;
    const stream = client.openStream(H, { message: utf8.encode("now"), end: true });
    expect(clientChannel.bytesWritten).toBeGreaterThan(before);
    expect((await collect(stream)).map((m) => text.decode(m))).toEqual(["now"]);
    client.close();
    await server.closed;
  });

  test("requests opened together: the first goes at once, the others share the flush", async () => {
    const { client, server, clientChannel } = await settledPair();
    const before = clientChannel.bytesWritten;
    const a = client.openStream(H, { message: utf8.encode("a"), end: true });
    const afterFirst = clientChannel.bytesWritten;
    expect(afterFirst).toBeGreaterThan(before);
    const b = client.openStream(H, { message: utf8.encode("b"), end: true });
    const c = client.openStream(H, { message: utf8.encode("c"), end: true });
    expect(clientChannel.bytesWritten).toBe(afterFirst);
    await Promise.resolve();
    expect(clientChannel.bytesWritten).toBeGreaterThan(afterFirst);
    const got = await Promise.all([a, b, c].map(async (s) => text.decode((await collect(s))[0]!)));
    expect(got).toEqual(["a", "b", "c"]);
    client.close();
    await server.closed;
  });

  test("a stream still sending (no end queued) waits for the flush", async () => {
    const { client, server, clientChannel } = await settledPair();
    const before = clientChannel.bytesWritten;
    const stream = client.openStream(H, {});
    expect(clientChannel.bytesWritten).toBe(before);
    await turn();
    expect(clientChannel.bytesWritten).toBeGreaterThan(before);
    void stream.send(utf8.encode("x"));
    stream.end();
    expect((await collect(stream)).map((m) => text.decode(m))).toEqual(["x"]);
    client.close();
    await server.closed;
  });
});

describe("an answer to a stream alone", () => {
  test("is written before respondWith returns", async () => {
    const taken: boolean[] = [];
    const written: number[] = [];
    let serverChannel: MemoryChannel | undefined;
    const pair = await settledPair((stream) => {
      void (async () => {
        await collect(stream);
        const before = serverChannel?.bytesWritten ?? 0;
        taken.push(respondWith(stream, H, bytesEncoder, utf8.encode("answer"), T));
        if (serverChannel !== undefined) written.push(serverChannel.bytesWritten - before);
      })();
    });
    serverChannel = pair.serverChannel;
    const answer = await collect(pair.client.openStream(H, { message: utf8.encode("q"), end: true }));
    expect(answer.map((m) => text.decode(m))).toEqual(["answer"]);
    expect(taken).toEqual([true, true]);
    expect(written).toHaveLength(1);
    expect(written[0]!).toBeGreaterThan(0);
    pair.client.close();
    await pair.server.closed;
  });
});

describe("arrivedAlone", () => {
  /** A server facing a raw peer, recording `arrivedAlone` of every stream it is handed. */
  function recordingServer(): { alone: boolean[]; send: (...frames: Uint8Array[]) => void } {
    const alone: boolean[] = [];
    const { peer } = createRawPeerPair({ onStream: (stream) => void alone.push(arrivedAlone(stream)) });
    peer.handshake();
    const send = (...frames: Uint8Array[]): void => {
      const bytes = new Uint8Array(frames.reduce((n, f) => n + f.length, 0));
      let at = 0;
      for (const f of frames) (bytes.set(f, at), (at += f.length));
      peer.send(bytes);
    };
    return { alone, send };
  }

  test("a request alone in its read, with no other stream open: true", async () => {
    const { alone, send } = recordingServer();
    send(rawFrame(FrameType.Headers, Flag.EndStream, 1, H));
    for (let i = 0; i < 10 && alone.length < 1; i++) await turn();
    expect(alone).toEqual([true]);
  });

  test("two requests in one read: neither", async () => {
    const { alone, send } = recordingServer();
    send(rawFrame(FrameType.Headers, Flag.EndStream, 1, H), rawFrame(FrameType.Headers, Flag.EndStream, 3, H));
    for (let i = 0; i < 10 && alone.length < 2; i++) await turn();
    expect(alone).toEqual([false, false]);
  });

  test("a request in a read of its own while another stream is open: false", async () => {
    const { alone, send } = recordingServer();
    send(rawFrame(FrameType.Headers, 0, 1, H));
    for (let i = 0; i < 10 && alone.length < 1; i++) await turn();
    send(rawFrame(FrameType.Headers, Flag.EndStream, 3, H));
    for (let i = 0; i < 10 && alone.length < 2; i++) await turn();
    expect(alone).toEqual([true, false]);
  });
});
