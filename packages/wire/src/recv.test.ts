import { describe, expect, test } from "bun:test";
import { FrameType } from "./constants.ts";
import { decodeGoAway, decodeRstStream, encodeRstStream } from "./control-payloads.ts";
import { ErrorCode } from "./error-code.ts";
import { createRawPeerPair, rawFrame } from "./testing/raw-peer.ts";

const utf8 = new TextEncoder();
const goAwayCode = async (peer: { waitFor(t: FrameType): Promise<{ payload: Uint8Array } | undefined> }): Promise<ErrorCode | undefined> => {
  const frame = await peer.waitFor(FrameType.GoAway);
  return frame === undefined ? undefined : decodeGoAway(frame.payload).code;
};

describe("incoming stream frames (Recv)", () => {
  test("DATA for a stream never opened is a connection PROTOCOL_ERROR", async () => {
    const { peer } = createRawPeerPair({ onStream: () => {} });
    peer.handshake();
    peer.send(rawFrame(FrameType.Data, 0, 7, Uint8Array.of(1)));
    expect(await goAwayCode(peer)).toBe(ErrorCode.ProtocolError);
  });

  test("stream IDs must increase: a HEADERS below the last opened ID is a PROTOCOL_ERROR", async () => {
    const { peer } = createRawPeerPair({ onStream: (s) => s.respond(utf8.encode("ok")) });
    peer.handshake();
    peer.send(rawFrame(FrameType.Headers, 0, 5, utf8.encode("a")));
    await peer.waitUntil((f) => f.type === FrameType.Headers && f.streamId === 5);
    peer.send(rawFrame(FrameType.Headers, 0, 3, utf8.encode("b")));
    expect(await goAwayCode(peer)).toBe(ErrorCode.ProtocolError);
  });

  test("streams past our concurrency limit are refused one by one; the connection lives", async () => {
    const { peer, session } = createRawPeerPair({ config: { maxConcurrentStreams: 1 }, onStream: () => {} });
    peer.handshake();
    peer.send(rawFrame(FrameType.Headers, 0, 1, utf8.encode("a")));
    peer.send(rawFrame(FrameType.Headers, 0, 3, utf8.encode("b")));
    const refused = await peer.waitUntil((f) => f.type === FrameType.RstStream && f.streamId === 3);
    expect(decodeRstStream(refused!.payload)).toBe(ErrorCode.RefusedStream);
    expect(session.state).toBe("open");
    session.close();
  });

  test("a reset flood ends the connection with ENHANCE_YOUR_CALM", async () => {
    const { peer } = createRawPeerPair({ config: { resetBurst: 5, resetsPerSecond: 1 }, onStream: () => {} });
    peer.handshake();
    for (let id = 1; id <= 21; id += 2) {
      peer.send(rawFrame(FrameType.Headers, 0, id, utf8.encode("x")));
      peer.send(rawFrame(FrameType.RstStream, 0, id, encodeRstStream(ErrorCode.Cancel)));
    }
    expect(await goAwayCode(peer)).toBe(ErrorCode.EnhanceYourCalm);
  });
});
