import { describe, expect, test } from "bun:test";
import { createSessionPair } from "./testing/session-pair.ts";
import { ErrorCode } from "./error-code.ts";
import type { StreamListener } from "./stream.ts";
import type { WireError } from "./wire-error.ts";
import { echoHandler, text, utf8 } from "../test/helpers.ts";

/** A listener that records events as strings and resolves when the stream ends. */
function recorder(): { listener: StreamListener; events: string[]; done: Promise<void> } {
  const events: string[] = [];
  let finish!: () => void;
  const done = new Promise<void>((r) => (finish = r));
  return {
    events,
    done,
    listener: {
      onHeaders: (block, end) => events.push(`headers:${text.decode(block)}${end ? ":end" : ""}`),
      onMessage: (bytes, start, end) => events.push(`message:${text.decode(bytes.subarray(start, end))}`),
      onEnd: (trailers) => {
        events.push(`end:${trailers === undefined ? "-" : text.decode(trailers)}`);
        finish();
      },
      onError: (e: WireError) => {
        events.push(`error:${ErrorCode[e.code]}`);
        finish();
      },
    },
  };
}

describe("push mode (listen + request)", () => {
  test("delivers headers, requested messages and trailers in order", async () => {
    const pair = createSessionPair({ onStream: echoHandler });
    const stream = pair.client.openStream(utf8.encode("h"), { message: utf8.encode("a") });
    const r = recorder();
    stream.listen(r.listener);
    stream.request(1);
    await stream.send(utf8.encode("b"));
    await stream.send(utf8.encode("c"));
    stream.end();
    await Bun.sleep(20);
    // Only one message was requested: the rest wait (and hold their credit).
    expect(r.events).toEqual(["headers:h", "message:a"]);
    stream.request(10);
    await r.done;
    expect(r.events).toEqual(["headers:h", "message:a", "message:b", "message:c", "end:done"]);
    pair.client.close();
  });

  test("released headers read as empty while the stream carries on to its trailers", async () => {
    const pair = createSessionPair({ onStream: echoHandler });
    const stream = pair.client.openStream(utf8.encode("h"), { message: utf8.encode("a") });
    const r = recorder();
    stream.listen({ ...r.listener, onHeaders: (block, end) => { r.listener.onHeaders(block, end); stream.releaseHeaders(); } });
    stream.request(10);
    await stream.send(utf8.encode("b"));
    stream.end();
    await r.done;
    expect(r.events).toEqual(["headers:h", "message:a", "message:b", "end:done"]);
    expect(stream.peerHeaders?.length).toBe(0);
    expect((await stream.headers()).length).toBe(0);
    pair.client.close();
  });

  test("a peer reset ends with onError; an owner reset ends silently", async () => {
    const pair = createSessionPair({
      onStream(stream) {
        stream.respond(utf8.encode("h"));
        setTimeout(() => stream.reset(ErrorCode.Cancel), 5);
      },
    });
    const r = recorder();
    const stream = pair.client.openStream(utf8.encode("x"));
    stream.listen(r.listener);
    stream.request(1);
    await r.done;
    expect(r.events).toEqual(["headers:h", "error:Cancel"]);

    const quiet = recorder();
    const own = pair.client.openStream(utf8.encode("x"));
    own.listen(quiet.listener);
    own.reset();
    await Bun.sleep(10);
    expect(quiet.events).toEqual([]);
    pair.client.close();
  });

  test("trailers-only: headers with END_STREAM are reported as such", async () => {
    const pair = createSessionPair({ onStream: (stream) => stream.end(utf8.encode("status")) });
    const r = recorder();
    const stream = pair.client.openStream(utf8.encode("x"), { end: true });
    stream.listen(r.listener);
    await r.done;
    expect(r.events).toEqual(["headers:status:end", "end:status"]);
    pair.client.close();
  });
});
