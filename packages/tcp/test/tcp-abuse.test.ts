import { describe, expect, test } from "bun:test";
import { ErrorCode, type WireConfigInput } from "@strand/wire";
import { encodeWindowUpdate, FrameType, decodeGoAway } from "@strand/wire/internal";
import { connectWire } from "../src/index.ts";
import { echoServer } from "./echo-server.ts";
import { connectRaw, frame } from "./raw-peer.ts";

const te = new TextEncoder();

/**
 * Opens a healthy client session and an abusive raw connection to the same server, runs `abuse`,
 * and checks that the abusive connection gets GOAWAY with `code` and is closed while the healthy
 * one keeps working.
 */
async function expectConnectionError(code: ErrorCode, abuse: (send: (b: Uint8Array) => void, handshake: () => void) => void, config?: WireConfigInput): Promise<string> {
  await using server = echoServer(config);
  const healthy = await connectWire({ address: { hostname: "127.0.0.1", port: server.port! } });
  const raw = await connectRaw(server.port!);
  abuse((b) => raw.send(b), () => raw.handshake());
  const goAway = await raw.waitFor(FrameType.GoAway);
  expect(goAway).toBeDefined();
  const decoded = decodeGoAway(goAway!.payload);
  expect(ErrorCode[decoded.code]).toBe(ErrorCode[code]);
  await raw.closed;
  const s = healthy.openStream(te.encode("h"), { message: te.encode("still fine"), end: true });
  const replies: string[] = [];
  for await (const m of s) replies.push(new TextDecoder().decode(m));
  expect(replies).toEqual(["still fine"]);
  healthy.close();
  return decoded.reason;
}

describe("a misbehaving peer loses its connection, others are unaffected", () => {
  test("garbage bytes instead of a preface → BAD_PREFACE", async () => {
    await expectConnectionError(ErrorCode.BadPreface, (send) => send(te.encode("GET / HTTP/1.1\r\n\r\n")));
  });

  test("a wrong protocol version → UNSUPPORTED_VERSION", async () => {
    await expectConnectionError(ErrorCode.UnsupportedVersion, (send) => send(new Uint8Array([0x53, 0x54, 0x52, 0x41, 0x4e, 0x44, 0, 9])));
  });

  test("a first frame that is not SETTINGS → PROTOCOL_ERROR", async () => {
    await expectConnectionError(ErrorCode.ProtocolError, (send) => {
      send(new Uint8Array([0x53, 0x54, 0x52, 0x41, 0x4e, 0x44, 0, 1]));
      send(frame(FrameType.Ping, 0, 0, new Uint8Array(8)));
    });
  });

  test("a declared length over the frame limit → FRAME_SIZE_ERROR, before the body arrives", async () => {
    const reason = await expectConnectionError(ErrorCode.FrameSizeError, (send, handshake) => {
      handshake();
      // Header only: length 1 MiB on a 16 KiB limit; the body never comes.
      send(new Uint8Array([0x10, 0x00, 0x00, FrameType.Data, 0, 0, 0, 0, 1]));
    });
    expect(reason).toContain("exceeds the limit");
  });

  test("DATA for a stream that was never opened → PROTOCOL_ERROR", async () => {
    await expectConnectionError(ErrorCode.ProtocolError, (send, handshake) => {
      handshake();
      send(frame(FrameType.Data, 0x2, 7, te.encode("x")));
    });
  });

  test("a client opening an even (server-parity) stream → PROTOCOL_ERROR", async () => {
    const reason = await expectConnectionError(ErrorCode.ProtocolError, (send, handshake) => {
      handshake();
      send(frame(FrameType.Headers, 0, 2, te.encode("h")));
    });
    expect(reason).toContain("parity");
  });

  test("stream IDs that go backwards → PROTOCOL_ERROR", async () => {
    const reason = await expectConnectionError(ErrorCode.ProtocolError, (send, handshake) => {
      handshake();
      send(frame(FrameType.Headers, 0, 5, te.encode("h")));
      send(frame(FrameType.Headers, 0, 3, te.encode("h")));
    });
    expect(reason).toContain("must increase");
  });

  test("an unknown frame type → PROTOCOL_ERROR", async () => {
    await expectConnectionError(ErrorCode.ProtocolError, (send, handshake) => {
      handshake();
      send(frame(0x2a, 0, 0, new Uint8Array(3)));
    });
  });

  test("a ping flood → ENHANCE_YOUR_CALM", async () => {
    const reason = await expectConnectionError(ErrorCode.EnhanceYourCalm, (send, handshake) => {
      handshake();
      const ping = frame(FrameType.Ping, 0, 0, new Uint8Array(8));
      const flood = new Uint8Array(ping.length * 200);
      for (let i = 0; i < 200; i++) flood.set(ping, i * ping.length);
      send(flood);
    });
    expect(reason).toContain("ping");
  });

  test("a reset flood → ENHANCE_YOUR_CALM", async () => {
    await expectConnectionError(
      ErrorCode.EnhanceYourCalm,
      (send, handshake) => {
        handshake();
        const parts: Uint8Array[] = [];
        for (let id = 1; id < 400; id += 2) {
          parts.push(frame(FrameType.Headers, 0, id, te.encode("h")));
          parts.push(frame(FrameType.RstStream, 0, id, new Uint8Array([0, 0, 0, 8])));
        }
        send(new Uint8Array(Buffer.concat(parts)));
      },
      { resetBurst: 50, resetsPerSecond: 1 },
    );
  });

  test("a frame beyond the connection window → FLOW_CONTROL_ERROR", async () => {
    await expectConnectionError(ErrorCode.FlowControlError, (send, handshake) => {
      handshake();
      send(frame(FrameType.Headers, 0, 1, te.encode("h")));
      send(frame(FrameType.Data, 0x2, 1, new Uint8Array(100 * 1024)));
    }, { maxFramePayload: 128 * 1024, initialConnectionWindow: 64 * 1024, initialStreamWindow: 1024 * 1024, maxMessageSize: 1024 * 1024 });
  });

  test("a zero WINDOW_UPDATE → PROTOCOL_ERROR", async () => {
    await expectConnectionError(ErrorCode.ProtocolError, (send, handshake) => {
      handshake();
      send(frame(FrameType.WindowUpdate, 0, 0, new Uint8Array(4)));
    });
    expect(encodeWindowUpdate(1).length).toBe(4);
  });

  test("a frame beyond a stream's window resets only that stream (FLOW_CONTROL_ERROR)", async () => {
    await using server = echoServer({ maxFramePayload: 128 * 1024, initialStreamWindow: 64 * 1024, maxWindow: 64 * 1024, maxMessageSize: 1024 * 1024 });
    const raw = await connectRaw(server.port!);
    raw.handshake();
    raw.send(frame(FrameType.Headers, 0, 1, te.encode("h")));
    raw.send(frame(FrameType.Data, 0x2, 1, new Uint8Array(100 * 1024)));
    const rst = await raw.waitFor(FrameType.RstStream);
    expect(rst?.streamId).toBe(1);
    expect(rst?.payload[3]).toBe(ErrorCode.FlowControlError);
    raw.send(frame(FrameType.Ping, 0, 0, new Uint8Array(8)));
    const pong = await raw.waitFor(FrameType.Ping);
    expect(pong?.flags).toBe(1);
    expect(raw.frames.some((f) => f.type === FrameType.GoAway)).toBe(false);
    raw.socket.end();
  });

  test("an oversized message is refused before it is buffered (MESSAGE_TOO_LARGE on that stream)", async () => {
    await using server = echoServer({ maxMessageSize: 1000 });
    const raw = await connectRaw(server.port!);
    raw.handshake();
    raw.send(frame(FrameType.Headers, 0, 1, te.encode("h")));
    // MESSAGE_START declaring 1 GiB: refused on the declaration, no body needed.
    raw.send(frame(FrameType.Data, 0x4, 1, new Uint8Array([0x40, 0, 0, 0, 1, 2, 3])));
    const rst = await raw.waitFor(FrameType.RstStream);
    expect(rst?.payload[3]).toBe(ErrorCode.MessageTooLarge);
    raw.socket.end();
  });
});
