import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { gzipSync, zstdCompressSync } from "node:zlib";
import { encodePathEntry, encodeRequestHead } from "@strand/rpc/internal";
import { ErrorCode } from "@strand/wire";
import { decodeRstStream, Flag, FrameType, headersWithMessageSize, writeHeadersWithMessage, type Frame } from "@strand/wire/internal";
import { rawFrame } from "@strand/wire/testing";
import { Code, createClient, createServer } from "strand";
import { testChannel } from "../support/channel.ts";
import { compressionHandlers, CompressionService, textPayload } from "../support/compression-service.ts";
import { listenLocal, portOf } from "../support/listen.ts";
import { connectRaw, listenRaw, type SocketRawPeer } from "../support/raw-socket.ts";
import { rpcFailure } from "../support/rpc-failure.ts";

/*
 * Compression against peers that break its rules, hand-driven over real sockets: messages in an
 * algorithm the receiver did not advertise, and decompression bombs — whose receiver runs in a
 * process of its own (fixtures/compression-receiver.ts), so that its memory, peak included, is
 * measured alone. compression.test.ts has the well-behaved combinations.
 */

const KiB = 1024;
const MiB = 1024 * KiB;
const decoder = new TextDecoder();

/** The request head of `path` and a HEADERS frame opening stream `id` with it (and `message`, one frame, when given). */
function openFrames(id: number, path: string, message?: Uint8Array, flags = 0): Uint8Array[] {
  const head = encodeRequestHead(encodePathEntry(path), undefined, undefined, 16 * KiB);
  if (message === undefined) return [rawFrame(FrameType.Headers, 0, id, head)];
  const payload = new Uint8Array(headersWithMessageSize(head.length, message.length));
  writeHeadersWithMessage(payload, 0, head, message);
  return [rawFrame(FrameType.Headers, Flag.WithMessage | flags, id, payload)];
}

/** DATA frames carrying `message` (compressed: algorithm byte included) in fragments of at most 16 KiB, the last with END_STREAM. */
function messageFrames(id: number, message: Uint8Array, compressed: boolean): Uint8Array[] {
  const frames: Uint8Array[] = [];
  const first = Math.min(message.length, 16 * KiB - 4);
  const start = new Uint8Array(4 + first);
  new DataView(start.buffer).setUint32(0, message.length);
  start.set(message.subarray(0, first), 4);
  const end = first === message.length ? Flag.EndMessage | Flag.EndStream : 0;
  frames.push(rawFrame(FrameType.Data, Flag.MessageStart | end | (compressed ? Flag.Compressed : 0), id, start));
  for (let at = first; at < message.length; at += 16 * KiB) {
    const last = at + 16 * KiB >= message.length;
    frames.push(rawFrame(FrameType.Data, last ? Flag.EndMessage | Flag.EndStream : 0, id, message.subarray(at, at + 16 * KiB)));
  }
  return frames;
}

const withId = (id: number, bytes: Uint8Array): Uint8Array => new Uint8Array([id, ...bytes]);
const GZIP = 1;
const ZSTD = 2;

async function resetCode(raw: SocketRawPeer, id: number): Promise<string> {
  const reset = await raw.waitUntil((f: Frame) => f.type === FrameType.RstStream && f.streamId === id);
  return reset === undefined ? "closed" : ErrorCode[decodeRstStream(reset.payload)];
}

async function okTrailers(raw: SocketRawPeer, id: number): Promise<boolean> {
  const trailers = await raw.waitUntil((f: Frame) => f.type === FrameType.Headers && f.streamId === id && (f.flags & Flag.EndStream) !== 0);
  return trailers !== undefined && trailers.payload[0] === 0x03 && trailers.payload[1] === 0x00;
}

describe("an algorithm the receiver did not advertise fails the call with Unimplemented", () => {
  test("a server accepting gzip resets a zstd request (UNSUPPORTED_COMPRESSION); the connection serves on", async () => {
    await using server = createServer({ health: false, acceptCompression: ["gzip"] }).add(CompressionService, compressionHandlers());
    const raw = await connectRaw(portOf(await listenLocal(server)));
    raw.handshake();
    const path = CompressionService.methods.unary.path;
    for (const f of openFrames(1, path, withId(ZSTD, zstdCompressSync(textPayload(4 * KiB))), Flag.Compressed | Flag.EndStream)) raw.send(f);
    expect(await resetCode(raw, 1)).toBe("UnsupportedCompression");
    for (const f of openFrames(3, path, withId(GZIP, gzipSync(textPayload(4 * KiB))), Flag.Compressed | Flag.EndStream)) raw.send(f);
    expect(await okTrailers(raw, 3)).toBe(true);
    raw.end();
  });

  test.each([
    [["gzip"], ZSTD, "zstd"],
    [[], GZIP, "gzip"],
  ] as const)("a client accepting %p fails a response compressed with %p, naming the algorithm", async (accept, id, name) => {
    using listener = listenRaw((peer) => {
      peer.handshake({ acceptCompression: 3 });
      void peer.waitUntil((f) => f.type === FrameType.Headers && f.streamId === 1).then(() => {
        const response = withId(id, id === ZSTD ? zstdCompressSync(textPayload(4 * KiB)) : gzipSync(textPayload(4 * KiB)));
        const payload = new Uint8Array(headersWithMessageSize(0, response.length));
        writeHeadersWithMessage(payload, 0, new Uint8Array(0), response);
        peer.send(rawFrame(FrameType.Headers, Flag.WithMessage | Flag.Compressed, 1, payload));
        peer.send(rawFrame(FrameType.Headers, Flag.EndStream, 1, new Uint8Array([0x03, 0x00])));
      });
    });
    using channel = testChannel(`127.0.0.1:${listener.port}`, { acceptCompression: accept });
    const error = await rpcFailure(createClient(CompressionService, channel).unary(new Uint8Array(10)));
    expect(error.code).toBe(Code.Unimplemented);
    expect(error.message).toContain(name);
  });
});

describe("decompression bombs are refused before they are inflated", () => {
  const fixture = join(import.meta.dir, "fixtures", "compression-receiver.ts");
  // 100 MiB of zeros: about 100 KiB as gzip, 3 KiB as zstd.
  const zeros = new Uint8Array(100 * MiB);
  const gzipBomb = withId(GZIP, gzipSync(zeros, { level: 9 }));
  const zstdBomb = withId(ZSTD, zstdCompressSync(zeros));
  const bound = 32 * MiB;

  test("a server gets a 100 KiB gzip bomb and a zstd bomb of 100 MiB each: ResourceExhausted, its memory stays put, its other calls go on", async () => {
    expect(gzipBomb.length).toBeGreaterThan(90 * KiB);
    expect(gzipBomb.length).toBeLessThan(110 * KiB);
    const proc = Bun.spawn([process.execPath, fixture, "server"], { stdout: "pipe", stderr: "inherit" });
    try {
      const reader = proc.stdout.getReader();
      const { port } = JSON.parse(decoder.decode((await reader.read()).value)) as { port: number };
      using channel = testChannel(`127.0.0.1:${port}`);
      const client = createClient(CompressionService, channel);
      const usage = async () => JSON.parse(decoder.decode(await client.usage(new Uint8Array(0)))) as { rss: number; maxRss: number };
      const before = await usage();
      const raw = await connectRaw(port);
      raw.handshake();
      await raw.waitUntil((f) => f.type === FrameType.WindowUpdate && f.streamId === 0); // the server's connection window beyond 64 KiB
      const path = CompressionService.methods.unary.path;
      for (const f of [...openFrames(1, path), ...messageFrames(1, gzipBomb, true)]) raw.send(f);
      for (const f of [...openFrames(3, path), ...messageFrames(3, zstdBomb, true)]) raw.send(f);
      expect(await resetCode(raw, 1)).toBe("MessageTooLarge"); // a real client reports it as ResourceExhausted
      expect(await resetCode(raw, 3)).toBe("MessageTooLarge");
      // The same connection and another one (the usage channel) are served as before.
      for (const f of openFrames(5, path, withId(GZIP, gzipSync(textPayload(4 * KiB))), Flag.Compressed | Flag.EndStream)) raw.send(f);
      expect(await okTrailers(raw, 5)).toBe(true);
      const echoed = await client.unary(textPayload(64 * KiB), { compression: "gzip" });
      expect(echoed.length).toBe(64 * KiB);
      const after = await usage();
      expect(after.rss - before.rss).toBeLessThan(bound);
      expect(after.maxRss - before.maxRss).toBeLessThan(bound); // the peak: nothing was inflated even for a moment
      raw.end();
    } finally {
      proc.kill();
      await proc.exited;
    }
  });

  test("a client gets a gzip bomb as a response: ResourceExhausted naming the limit, its memory stays put", async () => {
    using listener = listenRaw((peer) => {
      peer.handshake({ acceptCompression: 3 });
      // One wait at a time: a raw peer wakes a single waiter.
      void (async () => {
        await peer.waitUntil((f) => f.type === FrameType.Headers && f.streamId === 1);
        await peer.waitUntil((f) => f.type === FrameType.WindowUpdate && f.streamId === 0); // the client's connection window beyond 64 KiB
        peer.send(rawFrame(FrameType.Headers, 0, 1, new Uint8Array(0)));
        for (const f of messageFrames(1, gzipBomb, true)) peer.send(f);
      })();
    });
    const proc = Bun.spawn([process.execPath, fixture, "client", String(listener.port)], { stdout: "pipe", stderr: "inherit" });
    const result = JSON.parse(await new Response(proc.stdout).text()) as { code: number; message: string; rssGrowth: number; maxRssGrowth: number };
    await proc.exited;
    expect(result.code).toBe(Code.ResourceExhausted);
    expect(result.message).toContain(String(4 * MiB));
    expect(result.rssGrowth).toBeLessThan(bound);
    expect(result.maxRssGrowth).toBeLessThan(bound);
  });
});
