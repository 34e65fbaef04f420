import { describe, expect, test } from "bun:test";
import { Flag, FrameType } from "./constants.ts";
import { decodeGoAway, decodeRstStream } from "./control-payloads.ts";
import { ErrorCode } from "./error-code.ts";
import type { Frame } from "./frame.ts";
import { readU32 } from "./frame.ts";
import { headersWithMessageSize, headersWithTrailersSize, writeHeadersWithMessage, writeHeadersWithTrailers } from "./message-layout.ts";
import type { WireStream } from "./stream.ts";
import { createRawPeerPair, type RawPeer, rawFrame } from "./testing/raw-peer.ts";
import { pattern, text, utf8 } from "../test/helpers.ts";

/**
 * A whole response — initial headers, the one message, trailers — as one HEADERS frame with
 * WITH_TRAILERS (PROTOCOL.md §4.2), to a peer that announced ACCEPT_WITH_TRAILERS; the frames it
 * always was to any other peer, and whenever the message does not fit one frame.
 */

const WHOLE = Flag.WithMessage | Flag.WithTrailers | Flag.EndStream;

/** A unary request on stream 1: headers, message and END_STREAM in one frame. */
function request(): Uint8Array {
  const block = utf8.encode("req");
  const message = utf8.encode("ping");
  const payload = new Uint8Array(headersWithMessageSize(block.length, message.length));
  writeHeadersWithMessage(payload, 0, block, message);
  return rawFrame(FrameType.Headers, Flag.WithMessage | Flag.EndStream, 1, payload);
}

/** A server answering every stream with `message` between headers "h" and trailers "t", queued at once. */
function answering(message: Uint8Array): (stream: WireStream) => void {
  return (stream) => stream.respond(utf8.encode("h"), { message, trailers: utf8.encode("t") });
}

/** Every frame the session wrote for stream 1 once it answered a PING sent after the request (so nothing is still to come). */
async function framesOfStream1(peer: RawPeer): Promise<Frame[]> {
  await peer.waitUntil((f) => f.streamId === 1 && (f.flags & Flag.EndStream) !== 0);
  peer.send(rawFrame(FrameType.Ping, 0, 0, new Uint8Array(8)));
  await peer.waitUntil((f) => f.type === FrameType.Ping && (f.flags & Flag.Ack) !== 0);
  return peer.frames.filter((f) => f.streamId === 1);
}

/** The three parts of a WITH_TRAILERS payload, as text. */
function parts(payload: Uint8Array): string[] {
  const blockEnd = 4 + readU32(payload, 0);
  const trailersEnd = blockEnd + 4 + readU32(payload, blockEnd);
  return [payload.subarray(4, blockEnd), payload.subarray(blockEnd + 4, trailersEnd), payload.subarray(trailersEnd)].map((b) => text.decode(b));
}

describe("a whole response in one frame (WITH_TRAILERS)", () => {
  test("to a peer that accepts it: one HEADERS frame carries headers, message and trailers", async () => {
    const { peer, session } = createRawPeerPair({ onStream: answering(utf8.encode("pong")) });
    peer.handshake({ acceptWithTrailers: true });
    peer.send(request());
    const frames = await framesOfStream1(peer);
    expect(frames.map((f) => [f.type, f.flags])).toEqual([[FrameType.Headers, WHOLE]]);
    expect(parts(frames[0]!.payload)).toEqual(["h", "t", "pong"]);
    expect(session.activeStreams).toBe(0);
    session.close();
  });

  test("to a peer that did not announce it: headers with the message, then the trailers, as always", async () => {
    const { peer, session } = createRawPeerPair({ onStream: answering(utf8.encode("pong")) });
    peer.handshake();
    peer.send(request());
    const frames = await framesOfStream1(peer);
    expect(frames.map((f) => [f.type, f.flags])).toEqual([
      [FrameType.Headers, Flag.WithMessage],
      [FrameType.Headers, Flag.EndStream],
    ]);
    expect(text.decode(frames[1]!.payload)).toBe("t");
    session.close();
  });

  test("a message too big for one frame goes as headers, DATA, then the trailers", async () => {
    const big = pattern(40_000, 3);
    const { peer, session } = createRawPeerPair({ onStream: answering(big) });
    peer.handshake({ acceptWithTrailers: true });
    peer.send(request());
    const frames = await framesOfStream1(peer);
    expect(frames[0]!.flags).toBe(0);
    expect(frames.slice(1, -1).every((f) => f.type === FrameType.Data)).toBe(true);
    expect(frames.at(-1)!.flags).toBe(Flag.EndStream);
    expect(text.decode(frames.at(-1)!.payload)).toBe("t");
    session.close();
  });

  test("received by a client: headers, the message and the trailers reach the stream in order, and it closes", async () => {
    const { peer, session } = createRawPeerPair({ role: "client" });
    peer.handshake({ acceptWithTrailers: true });
    const stream = session.openStream(utf8.encode("req"), { message: utf8.encode("ping"), end: true });
    await peer.waitFor(FrameType.Headers);
    peer.send(wholeFrame(1, "h", "t", "pong"));
    expect(text.decode(await stream.headers())).toBe("h");
    const got: string[] = [];
    for await (const m of stream) got.push(text.decode(m));
    expect(got).toEqual(["pong"]);
    expect(text.decode(stream.trailers!)).toBe("t");
    expect(stream.stateName).toBe("closed");
    session.close();
  });

  test("a client that stops at the message drops the trailers quietly: its own reset is the only one, the connection lives", async () => {
    const { peer, session } = createRawPeerPair({ role: "client" });
    peer.handshake({ acceptWithTrailers: true });
    const stream = session.openStream(utf8.encode("req"), { message: utf8.encode("ping"), end: true });
    stream.listen({ onHeaders() {}, onMessage: () => stream.reset(ErrorCode.Cancel, "enough"), onEnd() {}, onError() {} });
    stream.request(1);
    await peer.waitFor(FrameType.Headers);
    peer.send(wholeFrame(1, "h", "t", "pong"));
    peer.send(rawFrame(FrameType.Ping, 0, 0, new Uint8Array(8)));
    await peer.waitUntil((f) => f.type === FrameType.Ping && (f.flags & Flag.Ack) !== 0);
    expect(stream.stateName).toBe("closed");
    expect(peer.frames.filter((f) => f.type === FrameType.RstStream).map((f) => [f.streamId, decodeRstStream(f.payload)])).toEqual([[1, ErrorCode.Cancel]]);
    expect(session.state).toBe("open");
    session.close();
  });

  for (const [what, flags, streamId, payload] of [
    ["without END_STREAM", Flag.WithMessage | Flag.WithTrailers, 1, wholePayload("h", "t", "m")],
    ["with a trailers length past the frame", WHOLE, 1, corrupt(wholePayload("h", "t", "m"))],
  ] as const) {
    test(`a WITH_TRAILERS frame ${what} is a connection PROTOCOL_ERROR`, async () => {
      const { peer, session } = createRawPeerPair({ role: "client" });
      peer.handshake({ acceptWithTrailers: true });
      session.openStream(utf8.encode("req"), { message: utf8.encode("ping"), end: true });
      await peer.waitFor(FrameType.Headers);
      peer.send(rawFrame(FrameType.Headers, flags, streamId, payload));
      const goAway = await peer.waitFor(FrameType.GoAway);
      expect(decodeGoAway(goAway!.payload).code).toBe(ErrorCode.ProtocolError);
    });
  }

  test("a request (a stream its sender opens) with WITH_TRAILERS is a connection PROTOCOL_ERROR", async () => {
    const { peer } = createRawPeerPair({ onStream: answering(utf8.encode("pong")) });
    peer.handshake({ acceptWithTrailers: true });
    peer.send(wholeFrame(1, "h", "t", "m"));
    const goAway = await peer.waitFor(FrameType.GoAway);
    expect(decodeGoAway(goAway!.payload).code).toBe(ErrorCode.ProtocolError);
  });
});

function wholePayload(block: string, trailers: string, message: string): Uint8Array {
  const [b, t, m] = [block, trailers, message].map((s) => utf8.encode(s)) as [Uint8Array, Uint8Array, Uint8Array];
  const payload = new Uint8Array(headersWithTrailersSize(b.length, t.length, m.length));
  writeHeadersWithTrailers(payload, 0, b, t, m);
  return payload;
}

function wholeFrame(streamId: number, block: string, trailers: string, message: string): Uint8Array {
  return rawFrame(FrameType.Headers, WHOLE, streamId, wholePayload(block, trailers, message));
}

/** The payload with its trailers length claiming more bytes than the frame has. */
function corrupt(payload: Uint8Array): Uint8Array {
  const blockEnd = 4 + readU32(payload, 0);
  new DataView(payload.buffer).setUint32(blockEnd, 1000);
  return payload;
}
