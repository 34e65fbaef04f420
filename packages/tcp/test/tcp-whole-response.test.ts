import { describe, expect, test } from "bun:test";
import { decodeTrailers, encodePathEntry, encodeRequestHead } from "@strand/rpc/internal";
import { TestMessage, TestService } from "@strand/rpc/testing";
import { Flag, FrameType, headersWithMessageSize, readU32, writeHeadersWithMessage } from "@strand/wire/internal";
import { createServer } from "../src/index.ts";
import { connectRaw, frame, type SocketRawPeer } from "./raw-peer.ts";

/** One unary Echo request as a single raw HEADERS frame (head, message, END_STREAM). */
function echoRequest(id: number, text: string): Uint8Array {
  const block = encodeRequestHead(encodePathEntry(TestService.methods.echo.path), undefined, undefined, 16 * 1024);
  const message = TestMessage.encode(TestMessage.create({ text }));
  const payload = new Uint8Array(headersWithMessageSize(block.length, message.length));
  writeHeadersWithMessage(payload, 0, block, message);
  return frame(FrameType.Headers, Flag.WithMessage | Flag.EndStream, id, payload);
}

/** The frames of stream `id` once its END_STREAM arrived and a PING sent after it was answered (nothing more to come). */
async function answerTo(raw: SocketRawPeer, id: number) {
  await raw.waitUntil((f) => f.streamId === id && (f.flags & Flag.EndStream) !== 0);
  raw.send(frame(FrameType.Ping, 0, 0, new Uint8Array(8)));
  await raw.waitUntil((f) => f.type === FrameType.Ping && (f.flags & Flag.Ack) !== 0);
  return raw.frames.filter((f) => f.streamId === id);
}

async function withServer(run: (port: number) => Promise<void>): Promise<void> {
  await using server = createServer().add(TestService, {
    async echo(request, ctx) {
      if (request.text === "with metadata") ctx.setTrailer("x-extra", "1");
      if (request.text === "later") await Bun.sleep(1);
      return request;
    },
  });
  const { port } = await server.listen({ hostname: "127.0.0.1", port: 0 });
  await run(port!);
}

describe("a unary answer over TCP", () => {
  test("to a client that accepts WITH_TRAILERS: one frame — headers, OK trailers, the response — whether the handler awaited or not", async () => {
    await withServer(async (port) => {
      const raw = await connectRaw(port);
      raw.handshake({ acceptWithTrailers: true });
      for (const [id, text] of [[1, "now"], [3, "later"]] as const) {
        raw.send(echoRequest(id, text));
        const frames = await answerTo(raw, id);
        expect(frames.map((f) => [f.type, f.flags])).toEqual([[FrameType.Headers, Flag.WithMessage | Flag.WithTrailers | Flag.EndStream]]);
        const p = frames[0]!.payload;
        const blockEnd = 4 + readU32(p, 0);
        const trailersEnd = blockEnd + 4 + readU32(p, blockEnd);
        expect(decodeTrailers(p.subarray(blockEnd + 4, trailersEnd), 16 * 1024).code).toBe(0);
        expect(TestMessage.decode(p.subarray(trailersEnd)).text).toBe(text);
      }
      raw.socket.end();
    });
  });

  test("trailer metadata rides in the same frame; a client that did not announce WITH_TRAILERS gets the frames as always, trailers last", async () => {
    await withServer(async (port) => {
      const raw = await connectRaw(port);
      raw.handshake({ acceptWithTrailers: true });
      raw.send(echoRequest(1, "with metadata"));
      const [whole] = await answerTo(raw, 1);
      expect(whole!.flags).toBe(Flag.WithMessage | Flag.WithTrailers | Flag.EndStream);
      const blockEnd = 4 + readU32(whole!.payload, 0);
      const trailers = whole!.payload.subarray(blockEnd + 4, blockEnd + 4 + readU32(whole!.payload, blockEnd));
      expect(decodeTrailers(trailers, 16 * 1024).metadata.get("x-extra")).toBe("1");
      raw.socket.end();

      const plain = await connectRaw(port);
      plain.handshake();
      plain.send(echoRequest(1, "with metadata"));
      const frames = await answerTo(plain, 1);
      expect(frames.map((f) => f.flags)).toEqual([Flag.WithMessage, Flag.EndStream]);
      expect(decodeTrailers(frames[1]!.payload, 16 * 1024).metadata.get("x-extra")).toBe("1");
      plain.socket.end();
    });
  });
});
