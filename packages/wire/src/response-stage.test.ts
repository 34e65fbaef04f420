import { describe, expect, test } from "bun:test";
import { encodePreface } from "./preface.ts";
import { encodeSettings } from "./settings.ts";
import { ErrorCode } from "./error-code.ts";
import { Flag, FrameType, PROTOCOL_DEFAULTS } from "./constants.ts";
import { encodeFrame } from "./frame.ts";
import { headersWithMessageSize, writeHeadersWithMessage } from "./message-layout.ts";
import { respondWith } from "./respond-with.ts";
import type { WireStream } from "./stream.ts";
import { createRawPeerPair, rawFrame } from "./testing/raw-peer.ts";
import { createSessionPair } from "./testing/session-pair.ts";
import { bytesEncoder, collect, pattern, text, utf8 } from "../test/helpers.ts";

/**
 * Whole answers laid out in the session's frame stage when produced (response-stage.ts,
 * frame-stage.ts) rather than queued: the frames on the wire are the ones the framer would have
 * written, in an order the protocol allows, and nothing staged is lost when a session drains.
 */

const H = utf8.encode("h");
const T = utf8.encode("t");

/** A unary request on stream `id`: headers, message and END_STREAM in one frame. */
function request(id: number, message = utf8.encode("q")): Uint8Array {
  const payload = new Uint8Array(headersWithMessageSize(H.length, message.length));
  writeHeadersWithMessage(payload, 0, H, message);
  return rawFrame(FrameType.Headers, Flag.WithMessage | Flag.EndStream, id, payload);
}

/** Answers every stream at once, while the read that opened it is still being handled. */
const answerAtOnce = (stream: WireStream): void => {
  stream.listen({ onHeaders() {}, onMessage: (bytes, start, end) => void respondWith(stream, H, bytesEncoder, bytes.slice(start, end), T), onEnd() {}, onError() {} });
  stream.request(1);
};

describe("whole answers laid out when produced", () => {
  test("answered inside the read that opened their streams: our SETTINGS first, then one WITH_TRAILERS frame per answer, in order", async () => {
    const { peer, session } = createRawPeerPair({ onStream: answerAtOnce });
    const settings = encodeFrame({ type: FrameType.Settings, flags: 0, streamId: 0, payload: encodeSettings({ ...PROTOCOL_DEFAULTS, acceptWithTrailers: true }) });
    // Preface, SETTINGS and two requests in one chunk: the answers are produced before any flush.
    peer.send(new Uint8Array([...encodePreface(), ...settings, ...request(1, utf8.encode("a")), ...request(3, utf8.encode("b"))]));
    await peer.waitUntil((f) => f.streamId === 3 && (f.flags & Flag.EndStream) !== 0);
    const frames = peer.frames.filter((f) => f.type !== FrameType.WindowUpdate);
    expect(frames[0]!.type).toBe(FrameType.Settings);
    const answers = frames.filter((f) => f.streamId !== 0);
    expect(answers.map((f) => [f.streamId, f.type, f.flags])).toEqual([
      [1, FrameType.Headers, Flag.WithMessage | Flag.WithTrailers | Flag.EndStream],
      [3, FrameType.Headers, Flag.WithMessage | Flag.WithTrailers | Flag.EndStream],
    ]);
    expect(answers.map((f) => text.decode(f.payload.subarray(f.payload.length - 1)))).toEqual(["a", "b"]);
    expect(session.activeStreams).toBe(0);
    session.close();
  });

  test("more answers in one turn than can be staged (the stage's bound, a write waiting for drain): the rest are refused and go the long way; every answer arrives whole and in its own bytes", async () => {
    // As many as the peer lets one connection open at once (100), each 1.5 KiB: 150 KiB in one turn.
    const answers = Array.from({ length: 100 }, (_, i) => pattern(1500 + (i % 5), i + 1));
    let longWay = 0;
    const arrived: Array<[WireStream, number]> = [];
    // Every answer in one synchronous loop, once all requests are in: one turn, whatever the timing.
    const answerAll = (): void => {
      for (const [stream, i] of arrived) {
        if (respondWith(stream, H, bytesEncoder, answers[i]!, T)) continue;
        longWay++;
        stream.respond(H, { message: answers[i]!, trailers: T });
      }
    };
    const { client, server } = createSessionPair({
      onStream: (stream) =>
        void collect(stream).then(([m]) => {
          arrived.push([stream, m![0]! + m![1]! * 256]);
          if (arrived.length === answers.length) answerAll();
        }),
    });
    const streams = answers.map((_, i) => client.openStream(H, { message: new Uint8Array([i % 256, i >> 8]), end: true }));
    const got = await Promise.all(streams.map((s) => collect(s)));
    for (let i = 0; i < answers.length; i++) expect(got[i]).toEqual([answers[i]!]);
    expect(longWay).toBeGreaterThan(0); // some could not be staged
    expect(longWay).toBeLessThan(answers.length);
    client.close();
    await server.closed;
  });

  test("a draining session whose last stream's answer was staged writes it before it closes", async () => {
    let serverStream: WireStream | undefined;
    const { client, server } = createSessionPair({ onStream: (stream) => void (serverStream = stream) });
    await client.ping(); // settings exchanged: the server may stage
    const stream = client.openStream(H, { message: utf8.encode("q"), end: true });
    const answered = collect(stream);
    while (serverStream === undefined) await Bun.sleep(1);
    // Not the graceful drain (which gives notice first): the final GOAWAY goes out at once.
    const drained = server.goAway(ErrorCode.EnhanceYourCalm, "done");
    await collect(serverStream);
    while (client.goAwayReceived === undefined) await Bun.sleep(1);
    expect(respondWith(serverStream, H, bytesEncoder, utf8.encode("last"), T)).toBe(true);
    expect((await answered).map((m) => text.decode(m))).toEqual(["last"]);
    expect(text.decode(stream.trailers)).toBe("t");
    await drained;
    expect(server.state).toBe("closed");
  });
});
