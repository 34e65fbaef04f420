import { describe, expect, test } from "bun:test";
import { ErrorCode } from "@strand/wire";
import { Flag, FrameType, type Frame } from "@strand/wire/internal";
import { echoServer } from "./echo-server.ts";
import { connectRaw, frame, type SocketRawPeer as RawPeer } from "./raw-peer.ts";

const te = new TextEncoder();
const td = new TextDecoder();

/** A BATCH payload: each message as a u32 length and its bytes. */
function batch(...messages: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(messages.reduce((n, m) => n + 4 + m.length, 0));
  let p = 0;
  for (const m of messages) {
    new DataView(out.buffer).setUint32(p, m.length);
    out.set(m, p + 4);
    p += 4 + m.length;
  }
  return out;
}

/** Waits for the server's trailers (HEADERS with END_STREAM) on `streamId`. */
async function trailers(raw: RawPeer, streamId: number): Promise<void> {
  const found = await raw.waitUntil((f) => f.type === FrameType.Headers && f.streamId === streamId && (f.flags & Flag.EndStream) !== 0);
  expect(found).toBeDefined();
}

/** The messages of a stream's DATA frames, whichever form each frame took. */
function messagesOf(frames: readonly Frame[], streamId: number): string[] {
  const out: string[] = [];
  for (const f of frames) {
    if (f.type !== FrameType.Data || f.streamId !== streamId) continue;
    if ((f.flags & Flag.Batch) === 0) {
      if ((f.flags & Flag.EndMessage) !== 0) out.push(td.decode(f.payload));
      continue;
    }
    for (let p = 0; p < f.payload.length; ) {
      const n = new DataView(f.payload.buffer, f.payload.byteOffset).getUint32(p);
      out.push(td.decode(f.payload.subarray(p + 4, p + 4 + n)));
      p += 4 + n;
    }
  }
  return out;
}

describe("BATCH DATA frames (several whole messages in one frame)", () => {
  test("a received BATCH is delivered as its messages, in order, empty ones included", async () => {
    await using server = echoServer();
    const raw = await connectRaw(server.port!);
    raw.handshake();
    raw.send(frame(FrameType.Headers, 0, 1, te.encode("h")));
    raw.send(frame(FrameType.Data, Flag.Batch | Flag.EndStream, 1, batch(te.encode("one"), new Uint8Array(0), te.encode("three"))));
    await raw.waitFor(FrameType.Headers);
    await trailers(raw, 1);
    expect(messagesOf(raw.frames, 1)).toEqual(["one", "", "three"]);
    raw.socket.end();
  });

  test("to a peer that accepts BATCH, a burst of small messages goes out in fewer DATA frames than messages", async () => {
    await using server = echoServer();
    const raw = await connectRaw(server.port!);
    raw.handshake({ acceptBatch: true });
    const sent = Array.from({ length: 200 }, (_, i) => `message ${i}`);
    raw.send(frame(FrameType.Headers, 0, 1, te.encode("h")));
    raw.send(frame(FrameType.Data, Flag.Batch | Flag.EndStream, 1, batch(...sent.map((s) => te.encode(s)))));
    await trailers(raw, 1);
    expect(messagesOf(raw.frames, 1)).toEqual(sent);
    const dataFrames = raw.frames.filter((f) => f.type === FrameType.Data && f.streamId === 1);
    expect(dataFrames.length).toBeLessThan(sent.length / 10);
    expect(dataFrames.every((f) => f.payload.length <= 16 * 1024)).toBe(true);
    raw.socket.end();
  });

  test("a peer that does not announce ACCEPT_BATCH gets one message per DATA frame", async () => {
    await using server = echoServer();
    const raw = await connectRaw(server.port!);
    raw.handshake();
    const sent = Array.from({ length: 50 }, (_, i) => `message ${i}`);
    raw.send(frame(FrameType.Headers, 0, 1, te.encode("h")));
    raw.send(frame(FrameType.Data, Flag.Batch | Flag.EndStream, 1, batch(...sent.map((s) => te.encode(s)))));
    await trailers(raw, 1);
    expect(messagesOf(raw.frames, 1)).toEqual(sent);
    expect(raw.frames.some((f) => f.type === FrameType.Data && (f.flags & Flag.Batch) !== 0)).toBe(false);
    raw.socket.end();
  });

  test("malformed BATCH frames reset only their stream; the connection keeps working", async () => {
    await using server = echoServer({ maxMessageSize: 1000 });
    const raw = await connectRaw(server.port!);
    raw.handshake();
    const cases: [string, number, Uint8Array, ErrorCode][] = [
      ["empty", Flag.Batch, new Uint8Array(0), ErrorCode.ProtocolError],
      ["length past the frame", Flag.Batch, new Uint8Array([0, 0, 0, 9, 1, 2]), ErrorCode.ProtocolError],
      ["truncated length", Flag.Batch, new Uint8Array([0, 0]), ErrorCode.ProtocolError],
      ["combined with MESSAGE_START", Flag.Batch | Flag.MessageStart, batch(te.encode("x")), ErrorCode.ProtocolError],
      ["a message over the limit", Flag.Batch, batch(te.encode("ok"), new Uint8Array(1001)), ErrorCode.MessageTooLarge],
    ];
    let id = 1;
    for (const [name, flags, payload, code] of cases) {
      raw.send(frame(FrameType.Headers, 0, id, te.encode("h")));
      raw.send(frame(FrameType.Data, flags, id, payload));
      const streamId = id;
      const rst = await raw.waitUntil((f) => f.type === FrameType.RstStream && f.streamId === streamId);
      expect([name, ErrorCode[rst!.payload[3]!]]).toEqual([name, ErrorCode[code]]);
      id += 2;
    }
    // A PING still gets its ACK (the server may also send PINGs of its own: bandwidth probes).
    raw.send(frame(FrameType.Ping, 0, 0, new Uint8Array(8).fill(7)));
    const pong = await raw.waitUntil((f) => f.type === FrameType.Ping && f.flags === Flag.Ack && f.payload[0] === 7);
    expect(pong).toBeDefined();
    expect(raw.frames.some((f) => f.type === FrameType.GoAway)).toBe(false);
    raw.socket.end();
  });
});
