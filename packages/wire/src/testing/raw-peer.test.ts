import { describe, expect, test } from "bun:test";
import { Flag, FrameType } from "../constants.ts";
import { decodeGoAway, decodeRstStream, encodeWindowUpdate } from "../control-payloads.ts";
import { ErrorCode } from "../error-code.ts";
import { createRawPeerPair, rawFrame } from "./raw-peer.ts";

const utf8 = new TextEncoder();

describe("raw-frame peer over the in-memory channel", () => {
  test("a well-behaved handshake gets the session's SETTINGS and an ACK of ours", async () => {
    const { peer, session } = createRawPeerPair();
    peer.handshake();
    expect(await peer.waitUntil((f) => f.type === FrameType.Settings && (f.flags & Flag.Ack) !== 0)).toBeDefined();
    expect(peer.frames[0]?.type).toBe(FrameType.Settings);
    session.close();
  });

  test("an unknown frame type ends the connection with GOAWAY PROTOCOL_ERROR", async () => {
    const { peer, session } = createRawPeerPair();
    peer.handshake();
    peer.send(rawFrame(0x3f, 0, 0));
    const goAway = await peer.waitFor(FrameType.GoAway);
    expect(decodeGoAway(goAway!.payload).code).toBe(ErrorCode.ProtocolError);
    await peer.closed;
    expect(session.state).toBe("closed");
  });

  test("a WINDOW_UPDATE that overflows one stream's send window resets only that stream", async () => {
    const { peer, session } = createRawPeerPair({ onStream: (stream) => stream.respond(utf8.encode("ok")) });
    peer.handshake();
    peer.send(rawFrame(FrameType.Headers, 0, 1, utf8.encode("call")));
    await peer.waitUntil((f) => f.type === FrameType.Headers && f.streamId === 1);
    peer.send(rawFrame(FrameType.WindowUpdate, 0, 1, encodeWindowUpdate(2 ** 31 - 1)));
    const reset = await peer.waitUntil((f) => f.type === FrameType.RstStream && f.streamId === 1);
    expect(decodeRstStream(reset!.payload)).toBe(ErrorCode.FlowControlError);
    expect(session.state).toBe("open");
    session.close();
  });

  test("a flood larger than the channel buffer arrives whole (writes wait for drain)", async () => {
    const { peer, session } = createRawPeerPair({ channel: { bufferBytes: 1024 } });
    peer.handshake();
    for (let i = 0; i < 200; i++) peer.send(rawFrame(FrameType.Ping, 0, 0, new Uint8Array(8)));
    await peer.waitUntil(() => peer.frames.filter((f) => f.type === FrameType.Ping && (f.flags & Flag.Ack) !== 0).length >= 32);
    // The default burst answers 32 pings; the rest of the flood is ENHANCE_YOUR_CALM.
    const goAway = await peer.waitFor(FrameType.GoAway);
    expect(decodeGoAway(goAway!.payload).code).toBe(ErrorCode.EnhanceYourCalm);
    session.close();
  });
});

describe("SETTINGS flood (CVE-2019-9515)", () => {
  test("a peer that keeps sending SETTINGS is answered within the limit, then ends with ENHANCE_YOUR_CALM", async () => {
    const { peer, session } = createRawPeerPair({ config: { settingsBurst: 8, settingsPerSecond: 1 } });
    peer.handshake();
    const settings = rawFrame(FrameType.Settings, 0, 0, new Uint8Array(0));
    for (let i = 0; i < 100; i++) peer.send(settings);
    const goAway = await peer.waitFor(FrameType.GoAway);
    expect(decodeGoAway(goAway!.payload).code).toBe(ErrorCode.EnhanceYourCalm);
    const acks = peer.frames.filter((f) => f.type === FrameType.Settings && (f.flags & Flag.Ack) !== 0).length;
    expect(acks).toBeGreaterThanOrEqual(1); // the handshake's, and the burst's
    expect(acks).toBeLessThanOrEqual(1 + 8);
    await peer.closed;
    expect(session.state).toBe("closed");
  });

  test("a peer within the limit keeps its connection", async () => {
    const { peer, session } = createRawPeerPair({ config: { settingsBurst: 8, settingsPerSecond: 1 } });
    peer.handshake();
    for (let i = 0; i < 8; i++) peer.send(rawFrame(FrameType.Settings, 0, 0, new Uint8Array(0)));
    await peer.waitUntil(() => peer.frames.filter((f) => f.type === FrameType.Settings && (f.flags & Flag.Ack) !== 0).length === 9);
    expect(session.state).toBe("open");
    expect(peer.frames.some((f) => f.type === FrameType.GoAway)).toBe(false);
    session.close();
  });
});
