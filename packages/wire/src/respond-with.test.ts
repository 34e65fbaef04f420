import { describe, expect, test } from "bun:test";
import { Flag, FrameType, MESSAGE_CREDIT } from "./constants.ts";
import { encodeWindowUpdate } from "./control-payloads.ts";
import { headersWithMessageSize, writeHeadersWithMessage } from "./message-layout.ts";
import type { ByteSink, MessageEncoder } from "./message-encoder.ts";
import { respondWith } from "./respond-with.ts";
import type { WireStream } from "./stream.ts";
import { createSessionPair } from "./testing/session-pair.ts";
import { createRawPeerPair, rawFrame } from "./testing/raw-peer.ts";
import { bytesEncoder, collect, pattern, text, utf8 } from "../test/helpers.ts";

/**
 * `respondWith`: a whole response whose message an encoder writes straight into its frame in the
 * session's stage (response-stage.ts). What is checked: every answer arrives whole and in its own
 * bytes whatever its size, answers staged together in one turn stay apart, and every case that
 * cannot go that way is refused with nothing queued, for the caller to answer the long way.
 */

/** An encoder that writes some bytes and then throws, as a codec does on an invalid field. */
const failingEncoder: MessageEncoder<Uint8Array> = {
  encodeAppend(message: Uint8Array, sink: ByteSink): void {
    bytesEncoder.encodeAppend(message, sink);
    throw new Error("invalid field");
  },
};

const H = utf8.encode("h");
const T = utf8.encode("t");

/** A server answering each stream with the message its request names (its first byte picks it from `answers`). */
function answering(answers: readonly Uint8Array[], taken: boolean[]): (stream: WireStream) => void {
  return (stream) => {
    void (async () => {
      const [request] = await collect(stream);
      taken.push(respondWith(stream, H, bytesEncoder, answers[request![0]! + request![1]! * 256]!, T));
    })();
  };
}

/** Sizes that grow the stage's buffer, pass a frame (16 KiB) and follow large messages with small ones. */
const SIZES = [0, 1, 64, 200, 255, 600, 1500, 64, 20_000, 70, 5000, 9000, 3, 64, 1800, 300, ...Array.from({ length: 150 }, (_, i) => (i * 37) % 400)];

describe("respondWith", () => {
  test("every answer arrives whole and in its own bytes, whatever its size; answers staged in one turn stay apart", async () => {
    const answers = SIZES.map((size, i) => pattern(size, i + 1));
    const taken: boolean[] = [];
    const { client, server } = createSessionPair({ onStream: answering(answers, taken) });
    // All requests go out in one turn, so the server answers many before any of them is framed.
    const streams = answers.map((_, i) => client.openStream(H, { message: new Uint8Array([i % 256, i >> 8]), end: true }));
    const got = await Promise.all(streams.map((s) => collect(s)));
    for (let i = 0; i < answers.length; i++) expect(got[i]).toEqual([answers[i]!]);
    for (const s of streams) expect(text.decode(s.trailers)).toBe("t");
    expect(taken.every((t) => t)).toBe(true);
    client.close();
    await server.closed;
  });

  test("an encoder that throws: the error comes out, nothing was queued, and the stream still answers", async () => {
    let outcome: unknown;
    const { client, server } = createSessionPair({
      onStream: (stream) => {
        void (async () => {
          await collect(stream);
          try {
            respondWith(stream, H, failingEncoder, pattern(100), T);
          } catch (error) {
            outcome = error;
          }
          expect(stream.sendQueue.isEmpty).toBe(true);
          respondWith(stream, H, bytesEncoder, utf8.encode("after"), T);
        })();
      },
    });
    const stream = client.openStream(H, { message: utf8.encode("q"), end: true });
    expect((await collect(stream)).map((m) => text.decode(m))).toEqual(["after"]);
    expect(String(outcome)).toContain("invalid field");
    client.close();
    await server.closed;
  });

  test("refused with nothing encoded or queued: compression on, a block over the peer's limit, a message over it, headers already sent", async () => {
    const refusals: Array<[string, boolean, boolean, number]> = [];
    const { client, server } = createSessionPair({
      client: { maxMessageSize: 1000, maxHeaderBlockSize: 100 },
      onStream: (stream) => {
        void (async () => {
          await collect(stream);
          let encoded = 0;
          const counting: MessageEncoder<Uint8Array> = { encodeAppend: (m, sink) => (encoded++, bytesEncoder.encodeAppend(m, sink)) };
          const attempt = (name: string, block: Uint8Array, message: Uint8Array): void => {
            encoded = 0;
            refusals.push([name, respondWith(stream, block, counting, message, T), stream.sendQueue.isEmpty, encoded]);
          };
          stream.compression = 1;
          attempt("compression", H, pattern(10));
          stream.compression = 0;
          attempt("block", new Uint8Array(200), pattern(10));
          attempt("message", H, pattern(1001));
          stream.respond(H);
          attempt("after headers", H, pattern(10));
          stream.end(T);
        })();
      },
    });
    const stream = client.openStream(H, { message: utf8.encode("q"), end: true });
    await collect(stream);
    // Only the message over the limit was encoded: its size is known no sooner.
    expect(refusals).toEqual([
      ["compression", false, true, 0],
      ["block", false, true, 0],
      ["message", false, true, 1],
      ["after headers", false, false, 0],
    ]);
    client.close();
    await server.closed;
  });

  test("to a peer that does not take WITH_TRAILERS: refused, nothing queued; the long way sends headers with the message, then the trailers", async () => {
    const outcomes: boolean[] = [];
    const { peer, session } = createRawPeerPair({
      onStream: (stream) =>
        void collect(stream).then(() => {
          outcomes.push(respondWith(stream, H, bytesEncoder, pattern(90, 4), T), stream.sendQueue.isEmpty);
          stream.respond(H, { message: pattern(90, 4), trailers: T });
        }),
    });
    peer.handshake();
    const payload = new Uint8Array(headersWithMessageSize(1, 1));
    writeHeadersWithMessage(payload, 0, H, utf8.encode("q"));
    peer.send(rawFrame(FrameType.Headers, Flag.WithMessage | Flag.EndStream, 1, payload));
    await peer.waitUntil((f) => f.streamId === 1 && (f.flags & Flag.EndStream) !== 0);
    const frames = peer.frames.filter((f) => f.streamId === 1);
    expect(frames.map((f) => [f.type, f.flags])).toEqual([[FrameType.Headers, Flag.WithMessage], [FrameType.Headers, Flag.EndStream]]);
    expect(frames[0]!.payload.subarray(4 + 1)).toEqual(pattern(90, 4));
    expect(text.decode(frames[1]!.payload)).toBe("t");
    expect(outcomes).toEqual([false, true]);
    session.close();
  });

  test("to a peer with no stream credit: encoded in the stage, then queued as respond would: headers now, the message once credit comes", async () => {
    const { peer, session } = createRawPeerPair({ onStream: (stream) => void collect(stream).then(() => respondWith(stream, H, bytesEncoder, pattern(300, 9), T)) });
    peer.handshake({ acceptWithTrailers: true, initialStreamWindow: 0 });
    const payload = new Uint8Array(headersWithMessageSize(1, 1));
    writeHeadersWithMessage(payload, 0, H, utf8.encode("q"));
    peer.send(rawFrame(FrameType.Headers, Flag.WithMessage | Flag.EndStream, 1, payload));
    await peer.waitUntil((f) => f.streamId === 1 && f.type === FrameType.Headers);
    peer.send(rawFrame(FrameType.WindowUpdate, 0, 1, encodeWindowUpdate(300 + MESSAGE_CREDIT)));
    await peer.waitUntil((f) => f.streamId === 1 && (f.flags & Flag.EndStream) !== 0);
    const frames = peer.frames.filter((f) => f.streamId === 1);
    expect(frames.map((f) => f.type)).toEqual([FrameType.Headers, FrameType.Data, FrameType.Headers]);
    expect(frames[1]!.payload).toEqual(pattern(300, 9));
    expect(frames[0]!.flags & Flag.WithMessage).toBe(0);
    expect(text.decode(frames[2]!.payload)).toBe("t");
    session.close();
  });
});
