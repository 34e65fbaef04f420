import { describe, expect, test } from "bun:test";
import { encodePathEntry, encodeRequestHead } from "@strand/rpc/internal";
import { TestMessage, TestService } from "@strand/rpc/testing";
import { ErrorCode } from "@strand/wire";
import { decodeRstStream, encodeRstStream, encodeWindowUpdate, Flag, FrameType, headersWithMessageSize, writeHeadersWithMessage } from "@strand/wire/internal";
import { createServer } from "../src/index.ts";
import { connectRaw, frame } from "./raw-peer.ts";

const LIMIT = 4;
const ATTEMPTS = 20;

/** One unary Echo request as a single raw HEADERS frame (head, message, END_STREAM). */
function echoRequest(id: number): Uint8Array {
  const block = encodeRequestHead(encodePathEntry(TestService.methods.echo.path), undefined, undefined, 16 * 1024);
  const message = TestMessage.encode(TestMessage.create({ text: "slow" }));
  const payload = new Uint8Array(headersWithMessageSize(block.length, message.length));
  writeHeadersWithMessage(payload, 0, block, message);
  return frame(FrameType.Headers, Flag.WithMessage | Flag.EndStream, id, payload);
}

/**
 * A server whose Echo handler ignores cancellation until `release()`, counting handlers that run
 * at once; and a raw client that opens calls and gets each one reset right after, by itself
 * (rapid reset) or by the server (MadeYouReset: a WINDOW_UPDATE that overflows the stream's window).
 */
async function attack(resetBy: "client" | "server"): Promise<{ peak: number; refused: number; later: boolean }> {
  let running = 0;
  let peak = 0;
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  await using server = createServer({ wire: { maxConcurrentStreams: LIMIT } }).add(TestService, {
    async echo(request) {
      peak = Math.max(peak, ++running);
      await gate; // ignores ctx.signal on purpose: it keeps its slot
      running--;
      return request;
    },
  });
  const { port } = await server.listen({ hostname: "127.0.0.1", port: 0 });
  const raw = await connectRaw(port!);
  raw.handshake();
  for (let i = 0, id = 1; i < ATTEMPTS; i++, id += 2) {
    raw.send(echoRequest(id));
    if (resetBy === "client") raw.send(frame(FrameType.RstStream, 0, id, encodeRstStream(ErrorCode.Cancel)));
    else raw.send(frame(FrameType.WindowUpdate, 0, id, encodeWindowUpdate(2 ** 31 - 1)));
  }
  const lastId = 2 * ATTEMPTS - 1;
  await raw.waitUntil((f) => f.type === FrameType.RstStream && f.streamId === lastId);
  const refused = raw.frames.filter((f) => f.type === FrameType.RstStream && decodeRstStream(f.payload) === ErrorCode.RefusedStream).length;
  // Once the handlers return, their slots free up and the connection serves calls again.
  release();
  await Bun.sleep(50);
  raw.send(echoRequest(lastId + 2));
  const answered = await raw.waitUntil((f) => f.type === FrameType.Headers && f.streamId === lastId + 2);
  raw.socket.terminate();
  return { peak, refused, later: answered !== undefined };
}

describe("a stream's concurrency slot is held until its handler returns", () => {
  test("rapid reset: calls the client resets at once cannot run more handlers than the limit", async () => {
    const { peak, refused, later } = await attack("client");
    expect(peak).toBeLessThanOrEqual(LIMIT);
    expect(refused).toBeGreaterThanOrEqual(ATTEMPTS - LIMIT);
    expect(later).toBe(true);
  });

  test("MadeYouReset: calls the server itself resets (stream errors) cannot either", async () => {
    const { peak, refused, later } = await attack("server");
    expect(peak).toBeLessThanOrEqual(LIMIT);
    expect(refused).toBeGreaterThanOrEqual(ATTEMPTS - LIMIT);
    expect(later).toBe(true);
  });
});
