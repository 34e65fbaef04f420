import { describe, expect, test } from "bun:test";
import { ErrorCode, type MessageEncoder, type WireStream } from "@strand/wire";
import { encodeWindowUpdate, Flag, FrameType, type Frame, MESSAGE_CREDIT } from "@strand/wire/internal";
import { echoServer } from "./echo-server.ts";
import { connectRaw, frame, type SocketRawPeer as RawPeer } from "./raw-peer.ts";

const te = new TextEncoder();
const td = new TextDecoder();

/** Appends UTF-8 text, growing the sink as the `ByteSink` contract asks; `"throw"` fails midway. */
const textEncoder: MessageEncoder<string> = {
  encodeAppend(text, sink) {
    const bytes = te.encode(text);
    if (sink.length + bytes.length > sink.bytes.length) {
      const grown = new Uint8Array(Math.max(sink.bytes.length * 2, sink.length + bytes.length));
      grown.set(sink.bytes.subarray(0, sink.length));
      sink.bytes = grown;
    }
    sink.bytes.set(bytes, sink.length);
    if (text === "throw") throw new Error("unencodable");
    sink.length += bytes.length;
  },
};

/** A server that answers every stream with `messages` sent through `writeWith`, then empty trailers. */
function sender(messages: readonly string[]): (stream: WireStream) => void {
  return (stream) => {
    void (async () => {
      stream.respond(await stream.headers());
      for (const m of messages) {
        try {
          const pending = stream.writeWith(textEncoder, m);
          if (pending !== undefined) await pending;
        } catch {
          // An encoder failure queues nothing; the stream carries on.
        }
      }
      stream.end(new Uint8Array(0));
    })().catch(() => {});
  };
}

/** The messages of a stream's DATA frames, whichever form each took: BATCH, whole, or fragments. */
function messagesOf(frames: readonly Frame[], streamId: number): string[] {
  const out: string[] = [];
  let parts: Uint8Array[] = [];
  for (const f of frames) {
    if (f.type !== FrameType.Data || f.streamId !== streamId) continue;
    if ((f.flags & Flag.Batch) !== 0) {
      for (let p = 0; p < f.payload.length; ) {
        const n = new DataView(f.payload.buffer, f.payload.byteOffset).getUint32(p);
        out.push(td.decode(f.payload.subarray(p + 4, p + 4 + n)));
        p += 4 + n;
      }
      continue;
    }
    parts.push((f.flags & Flag.MessageStart) !== 0 ? f.payload.subarray(4) : f.payload);
    if ((f.flags & Flag.EndMessage) !== 0) {
      out.push(parts.map((b) => td.decode(b, { stream: true })).join(""));
      parts = [];
    }
  }
  return out;
}

function dataBytes(frames: readonly Frame[]): number {
  return frames.reduce((n, f) => (f.type === FrameType.Data && f.streamId === 1 ? n + f.payload.length : n), 0);
}

async function trailers(raw: RawPeer): Promise<void> {
  const found = await raw.waitUntil((f) => f.type === FrameType.Headers && f.streamId === 1 && (f.flags & Flag.EndStream) !== 0);
  expect(found).toBeDefined();
}

/** Opens stream 1 with a half-closed request. */
function open(raw: RawPeer): void {
  raw.send(frame(FrameType.Headers, Flag.EndStream, 1, te.encode("h")));
}

const small = Array.from({ length: 300 }, (_, i) => `message ${i}`);
const mixed = [...small.slice(0, 150), "L".repeat(10_000), ...small.slice(150), "M".repeat(5_000), "after"];

describe("messages appended in place (writeWith)", () => {
  test("reach a BATCH peer whole and in order, sharing frames, with larger ones among them", async () => {
    await using server = echoServer(undefined, sender(mixed));
    const raw = await connectRaw(server.port!);
    raw.handshake({ acceptBatch: true });
    open(raw);
    await trailers(raw);
    expect(messagesOf(raw.frames, 1)).toEqual(mixed);
    const data = raw.frames.filter((f) => f.type === FrameType.Data && f.streamId === 1);
    expect(data.length).toBeLessThan(small.length / 10);
    raw.socket.end();
  });

  test("reach a peer without BATCH as one message per DATA frame", async () => {
    await using server = echoServer(undefined, sender(mixed));
    const raw = await connectRaw(server.port!);
    raw.handshake();
    open(raw);
    await trailers(raw);
    expect(messagesOf(raw.frames, 1)).toEqual(mixed);
    expect(raw.frames.some((f) => f.type === FrameType.Data && (f.flags & Flag.Batch) !== 0)).toBe(false);
    raw.socket.end();
  });

  test("large messages, encoded one after another into a reused buffer, each arrive as they were", async () => {
    const large = Array.from({ length: 40 }, (_, i) => String.fromCharCode(65 + (i % 26)).repeat(20_000 + i) + (i % 3 === 0 ? "" : `small ${i}`));
    const messages = large.flatMap((m, i) => (i % 4 === 0 ? [m, `small ${i}`] : [m]));
    for (const acceptBatch of [true, false]) {
      await using server = echoServer(undefined, sender(messages));
      const raw = await connectRaw(server.port!);
      raw.handshake({ acceptBatch, initialStreamWindow: 4 << 20 });
      raw.send(frame(FrameType.WindowUpdate, 0, 0, encodeWindowUpdate(4 << 20)));
      open(raw);
      await trailers(raw);
      expect(messagesOf(raw.frames, 1)).toEqual(messages);
      raw.socket.end();
    }
  });

  test("an encoder that throws queues nothing, and the stream carries on", async () => {
    await using server = echoServer(undefined, sender(["a", "throw", "b", "throw", "c"]));
    const raw = await connectRaw(server.port!);
    raw.handshake({ acceptBatch: true });
    open(raw);
    await trailers(raw);
    expect(messagesOf(raw.frames, 1)).toEqual(["a", "b", "c"]);
    raw.socket.end();
  });

  test("a message over the peer's limit resets the stream with MESSAGE_TOO_LARGE", async () => {
    await using server = echoServer(undefined, sender(["fine", "x".repeat(200), "never"]));
    const raw = await connectRaw(server.port!);
    raw.handshake({ acceptBatch: true, maxMessageSize: 100 });
    open(raw);
    const rst = await raw.waitUntil((f) => f.type === FrameType.RstStream && f.streamId === 1);
    expect(ErrorCode[rst!.payload[3]!]).toBe(ErrorCode[ErrorCode.MessageTooLarge]);
    expect(messagesOf(raw.frames, 1)).not.toContain("never");
    raw.socket.end();
  });

  test("wait for credit when the window is spent, and resume in order when it returns", async () => {
    const many = Array.from({ length: 1000 }, (_, i) => String(i).padStart(100, "."));
    await using server = echoServer(undefined, sender(many));
    const raw = await connectRaw(server.port!);
    raw.handshake({ acceptBatch: true }); // 64 KiB windows, and no WINDOW_UPDATE until below
    open(raw);
    // Whole messages in the window: each costs its 4-byte prefix and bytes, and MESSAGE_CREDIT of stream credit.
    const fit = Math.floor((64 * 1024) / (104 + MESSAGE_CREDIT)) * 104;
    await raw.waitUntil(() => dataBytes(raw.frames) >= fit);
    await Bun.sleep(50); // give a flow-control violation the chance to show
    expect(dataBytes(raw.frames)).toBe(fit);
    raw.send(frame(FrameType.WindowUpdate, 0, 1, encodeWindowUpdate(1 << 20)));
    raw.send(frame(FrameType.WindowUpdate, 0, 0, encodeWindowUpdate(1 << 20)));
    await trailers(raw);
    expect(messagesOf(raw.frames, 1)).toEqual(many);
    raw.socket.end();
  });

  test("a peer whose window is smaller than a message gets it fragmented instead of waiting forever", async () => {
    const messages = ["a".repeat(300), "b".repeat(300), "c"];
    await using server = echoServer(undefined, sender(messages));
    const raw = await connectRaw(server.port!);
    raw.handshake({ acceptBatch: true, initialStreamWindow: 200 });
    open(raw);
    await raw.waitUntil(() => dataBytes(raw.frames) >= 200 - MESSAGE_CREDIT); // a fragment keeps MESSAGE_CREDIT back for the message's end
    raw.send(frame(FrameType.WindowUpdate, 0, 1, encodeWindowUpdate(10_000)));
    await trailers(raw);
    expect(messagesOf(raw.frames, 1)).toEqual(messages);
    expect(raw.frames.some((f) => f.type === FrameType.Data && (f.flags & Flag.MessageStart) !== 0)).toBe(true);
    raw.socket.end();
  });
});
