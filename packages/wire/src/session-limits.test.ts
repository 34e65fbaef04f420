import { describe, expect, test } from "bun:test";
import { createSessionPair } from "./testing/session-pair.ts";
import { ErrorCode } from "./error-code.ts";
import { WireError } from "./wire-error.ts";
import type { WireStream } from "./stream.ts";
import { collect, echoHandler, pattern, utf8 } from "../test/helpers.ts";

async function settle(pair: ReturnType<typeof createSessionPair>): Promise<void> {
  await pair.client.ping();
  await pair.server.ping();
}

describe("session limits and lifecycle", () => {
  test("a peer exceeding our concurrency limit gets REFUSED_STREAM for the excess only", async () => {
    const held: WireStream[] = [];
    const pair = createSessionPair({ server: { maxConcurrentStreams: 2 }, onStream: (s) => held.push(s) });
    // The client honours the limit once it knows it; before SETTINGS arrive it assumes 100,
    // so open streams immediately to exceed the server's real limit.
    const streams = [1, 2, 3].map(() => pair.client.openStream(utf8.encode("h")));
    const third = await streams[2]!.headers().then(() => undefined, (e: WireError) => e);
    expect(third?.code).toBe(ErrorCode.RefusedStream);
    expect(third?.initiator).toBe("remote");
    expect(held.length).toBe(2);
    pair.client.close();
  });

  test("a stream that waited for a concurrency slot starts with the window the peer advertises when it is admitted", async () => {
    // Opened before the server's SETTINGS arrive, 100 streams are admitted under the assumed
    // default limit and the 101st waits. The SETTINGS raising the initial window to 1 MiB only
    // reach admitted streams; the waiting one must not keep the old 64 KiB window (the server
    // returns credit only after half of 1 MiB, so a 300 KB message would stall for ever).
    const pair = createSessionPair({ server: { initialStreamWindow: 1024 * 1024 }, onStream: echoHandler });
    const streams = Array.from({ length: 100 }, () => pair.client.openStream(utf8.encode("h"), { message: utf8.encode("x"), end: true }));
    const big = pattern(300_000);
    const waiting = pair.client.openStream(utf8.encode("h"));
    expect(waiting.id).toBe(0);
    await waiting.send(big);
    waiting.end();
    for (const s of streams) for await (const _ of s);
    const echoed = await collect(waiting);
    expect(echoed.length).toBe(1);
    expect(echoed[0]).toEqual(big);
    pair.client.close();
  });

  test("on connection loss, streams whose HEADERS never left are refused (retryable), sent ones are lost", async () => {
    const pair = createSessionPair({ onStream: () => {} });
    const sent = pair.client.openStream(utf8.encode("h"));
    await pair.client.ping(); // the first stream's HEADERS went out before the PING
    const unsent = pair.client.openStream(utf8.encode("h"));
    pair.client.channelClosed(new Error("network gone")); // before the next flush
    const [sentError, unsentError] = await Promise.all([sent.headers(), unsent.headers()].map((p) => p.then(() => undefined, (e: WireError) => e)));
    expect(sentError?.code).toBe(ErrorCode.ConnectionLost);
    expect(unsentError?.code).toBe(ErrorCode.RefusedStream);
  });

  test("stream IDs are never reused: the session drains and refuses new streams once exhausted", async () => {
    const pair = createSessionPair({ client: { maxStreamId: 9 }, onStream: echoHandler });
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) {
      const s = pair.client.openStream(utf8.encode("h"), { message: utf8.encode("x"), end: true });
      ids.push(s.id);
      for await (const _ of s);
    }
    expect(ids).toEqual([1, 3, 5, 7, 9]);
    expect(pair.client.canOpenStream).toBe(false);
    expect(() => pair.client.openStream(utf8.encode("h"))).toThrow(/REFUSED_STREAM/);
    expect(await pair.client.closed).toBeUndefined();
  });

  test("a stream opened while the server's graceful GOAWAY is in flight is still served (drain notice); the final GOAWAY names it", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const pair = createSessionPair({
      onStream(stream) {
        void (async () => {
          stream.respond(new Uint8Array(0));
          await gate;
          stream.end();
        })();
      },
    });
    const first = pair.client.openStream(utf8.encode("h"));
    await first.headers();
    const draining = pair.server.goAway(ErrorCode.NoError, "deploy");
    const late = pair.client.openStream(utf8.encode("h")); // the notice has not arrived yet
    await late.headers();
    expect(late.error).toBeUndefined();
    // The notice arrived: the client opens nothing more on this connection.
    expect(pair.client.state).toBe("draining");
    expect(() => pair.client.openStream(utf8.encode("h"))).toThrow("the connection is going away");
    release();
    for (const stream of [first, late]) {
      stream.end();
      for await (const _ of stream);
    }
    expect(await draining).toBeUndefined();
    expect(await pair.client.closed).toBeUndefined();
    expect(pair.client.goAwayReceived).toMatchObject({ lastStreamId: late.id, reason: "deploy" });
  });

  test("sending a message above the peer's advertised limit fails locally and names the limit", async () => {
    const pair = createSessionPair({ server: { maxMessageSize: 10 }, onStream: echoHandler });
    await settle(pair);
    const s = pair.client.openStream(utf8.encode("h"));
    const error = await s.send(new Uint8Array(11)).then(() => undefined, (e: WireError) => e);
    expect(error?.code).toBe(ErrorCode.MessageTooLarge);
    expect(error?.message).toContain("limit of 10");
    pair.client.close();
  });

  test("headers above the peer's limit fail locally", async () => {
    const pair = createSessionPair({ server: { maxHeaderBlockSize: 100 }, onStream: echoHandler });
    await settle(pair);
    expect(() => pair.client.openStream(new Uint8Array(101))).toThrow(/HEADERS_TOO_LARGE/);
    pair.client.close();
  });

  test("leaving a for-await early cancels the stream on both sides", async () => {
    let serverSide: Promise<WireError | undefined> | undefined;
    const pair = createSessionPair({
      onStream(stream) {
        serverSide = new Promise((r) => (stream.onClose = r));
        void (async () => {
          stream.respond(new Uint8Array(0));
          for (let i = 0; i < 1000; i++) await stream.send(utf8.encode(String(i)));
        })().catch(() => {});
      },
    });
    const s = pair.client.openStream(utf8.encode("h"), { end: true });
    let n = 0;
    for await (const _ of s) if (++n === 3) break;
    const error = await serverSide!;
    expect(error?.code).toBe(ErrorCode.Cancel);
    expect(error?.initiator).toBe("remote");
    pair.client.close();
  });
});
