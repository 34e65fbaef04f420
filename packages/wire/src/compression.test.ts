import { describe, expect, test } from "bun:test";
import { collect, text, utf8 } from "../test/helpers.ts";
import { chooseCompression, compressionNames, type CompressionCodec } from "./compression.ts";
import { verifyWireConfig } from "./config.ts";
import { ALL_COMPRESSION, CompressionId, Flag, FrameType, PROTOCOL_DEFAULTS } from "./constants.ts";
import { decodeRstStream } from "./control-payloads.ts";
import { ErrorCode } from "./error-code.ts";
import type { Frame } from "./frame.ts";
import { messageCompression } from "./message-compression.ts";
import { headersWithMessageSize, writeHeadersWithMessage } from "./message-layout.ts";
import { Session } from "./session.ts";
import { decodeSettings, encodeSettings } from "./settings.ts";
import type { WireStream } from "./stream.ts";
import { createMemoryChannelPair } from "./testing/memory-channel.ts";
import { createRawPeerPair, rawFrame } from "./testing/raw-peer.ts";
import { createSessionPair } from "./testing/session-pair.ts";

/**
 * A codec for tests: run-length pairs (count, byte), so compressible text shrinks and a few bytes
 * can claim megabytes; it records which algorithm each call used.
 */
function rleCodec(algorithms = ALL_COMPRESSION): CompressionCodec & { calls: string[] } {
  const calls: string[] = [];
  return {
    algorithms,
    calls,
    compress(id, message) {
      calls.push(`compress ${id}`);
      const out: number[] = [];
      for (let i = 0; i < message.length; ) {
        let run = 1;
        while (run < 255 && message[i + run] === message[i]) run++;
        out.push(run, message[i]!);
        i += run;
      }
      return new Uint8Array(out);
    },
    decompress(id, compressed, maxBytes) {
      calls.push(`decompress ${id}`);
      if (compressed.length % 2 !== 0) throw new Error("odd length");
      let total = 0;
      for (let i = 0; i < compressed.length; i += 2) total += compressed[i]!;
      if (total > maxBytes) return undefined;
      const out = new Uint8Array(total);
      for (let i = 0, at = 0; i < compressed.length; at += compressed[i]!, i += 2) out.fill(compressed[i + 1]!, at, at + compressed[i]!);
      return out;
    },
  };
}

/** Compressible text of `n` bytes: runs of one letter. */
const runs = (n: number): Uint8Array => utf8.encode(Array.from({ length: Math.ceil(n / 50) }, (_, i) => String.fromCharCode(97 + (i % 26)).repeat(50)).join("").slice(0, n));

/** Less compressible text of `n` bytes: runs of three, so the compressed form (two thirds) still spans several frames. */
const shortRuns = (n: number): Uint8Array => utf8.encode(Array.from({ length: Math.ceil(n / 3) }, (_, i) => String.fromCharCode(97 + (i % 26)).repeat(3)).join("").slice(0, n));

/** A server handler that answers and echoes with `compression`. */
const echoWith = (compression: number) => (stream: WireStream): void => {
  void (async () => {
    stream.compression = compression;
    stream.respond(await stream.headers());
    for await (const message of stream) await stream.send(message);
    stream.end(utf8.encode("done"));
  })().catch(() => {});
};

const entry = (id: number, value: number): Uint8Array => {
  const out = new Uint8Array(6);
  new DataView(out.buffer).setUint16(0, id);
  new DataView(out.buffer).setUint32(2, value);
  return out;
};

/** A HEADERS frame opening stream `id` with block "h" and `message`, flagged `flags` beyond WITH_MESSAGE. */
const headersWith = (id: number, message: Uint8Array, flags: number): Uint8Array => {
  const block = utf8.encode("h");
  const payload = new Uint8Array(headersWithMessageSize(block.length, message.length));
  writeHeadersWithMessage(payload, 0, block, message);
  return rawFrame(FrameType.Headers, Flag.WithMessage | flags, id, payload);
};

const resetOf = async (frames: { waitUntil(m: (f: Frame) => boolean): Promise<Frame | undefined> }, id: number): Promise<string> => {
  const reset = await frames.waitUntil((f) => f.type === FrameType.RstStream && f.streamId === id);
  return ErrorCode[decodeRstStream(reset!.payload)];
};

describe("ACCEPT_COMPRESSION (SETTINGS 0x7)", () => {
  test("is sent only when not 0, round-trips, and a peer that never sends it accepts nothing", () => {
    const plain = encodeSettings({ ...PROTOCOL_DEFAULTS, acceptBatch: true });
    expect(plain.length).toBe(36); // the six settings of before: an endpoint without compression sends the same bytes
    const ours = { ...PROTOCOL_DEFAULTS, acceptBatch: true, acceptCompression: ALL_COMPRESSION };
    const encoded = encodeSettings(ours);
    expect(encoded.length).toBe(42);
    expect(decodeSettings(encoded, PROTOCOL_DEFAULTS)).toEqual(ours);
    expect(decodeSettings(plain, PROTOCOL_DEFAULTS).acceptCompression).toBe(0);
    // Unknown bits (a later algorithm) are kept, and never chosen.
    const later = decodeSettings(entry(0x7, 0b1100), PROTOCOL_DEFAULTS).acceptCompression;
    expect(later).toBe(0b1100);
    expect(chooseCompression(CompressionId.Zstd, later)).toBe(0);
  });

  test("the sender's choice: the preferred algorithm if accepted, else zstd, else gzip, else none", () => {
    const gzip = 1;
    const zstd = 2;
    expect(chooseCompression(CompressionId.Gzip, gzip | zstd)).toBe(CompressionId.Gzip);
    expect(chooseCompression(CompressionId.Gzip, zstd)).toBe(CompressionId.Zstd);
    expect(chooseCompression(CompressionId.Zstd, gzip)).toBe(CompressionId.Gzip);
    expect(chooseCompression(CompressionId.Zstd, 0)).toBe(0);
    expect(chooseCompression(0, gzip | zstd)).toBe(0);
    expect(compressionNames(3)).toBe("zstd, gzip");
    expect(compressionNames(0)).toBe("none");
  });

  test("config: ranges are checked, and accepting or sending compression needs a codec", () => {
    expect(() => verifyWireConfig({ acceptCompression: 4 })).toThrow(/acceptCompression/);
    expect(() => verifyWireConfig({ sendCompression: 3 })).toThrow(/sendCompression/);
    expect(() => verifyWireConfig({ compressMinBytes: -1 })).toThrow(/compressMinBytes/);
    const [channel] = createMemoryChannelPair();
    expect(() => new Session(channel, { role: "client", config: { acceptCompression: 1 } })).toThrow(/codec/);
    expect(() => new Session(channel, { role: "client", config: { sendCompression: 2 } })).toThrow(/codec/);
    expect(() => new Session(channel, { role: "client", config: { acceptCompression: 3 }, codec: messageCompression(rleCodec(1)) })).toThrow(/codec/);
  });
});

describe("compressed messages between sessions", () => {
  const messages = [runs(100), runs(2000), runs(200_000), new Uint8Array(0), shortRuns(60_000), runs(5000)];

  test("both directions, every layout (HEADERS with message, one frame, fragmented, iterator and queued reads) arrive intact and smaller", async () => {
    const codec = rleCodec();
    const { client, clientChannel, serverChannel } = createSessionPair({
      codec,
      client: { acceptCompression: ALL_COMPRESSION },
      server: { acceptCompression: ALL_COMPRESSION },
      onStream: echoWith(CompressionId.Zstd),
    });
    await client.ping(); // SETTINGS exchanged: until then a sender assumes the peer accepts nothing
    const stream = client.openStream(utf8.encode("h"), { message: messages[1], compression: CompressionId.Gzip });
    for (const m of messages) await stream.send(m);
    stream.end();
    const got = await collect(stream);
    expect(got.map((m) => text.decode(m))).toEqual([messages[1]!, ...messages].map((m) => text.decode(m)));
    expect(text.decode(stream.trailers!)).toBe("done");
    const raw = 2 * messages.reduce((n, m) => n + m.length, messages[1]!.length);
    expect(clientChannel.bytesWritten + serverChannel.bytesWritten).toBeLessThan(raw / 2);
    // Requests went gzip, responses zstd; the 100-byte message (under 1 KiB) and the empty one were not compressed.
    expect(codec.calls.filter((c) => c.startsWith("compress")).sort()).toEqual([...Array(5).fill("compress 1"), ...Array(5).fill("compress 2")]);
    client.close();
  });

  test("a peer that does not accept compression gets every message uncompressed, whatever the sender prefers", async () => {
    const codec = rleCodec();
    const { client, serverChannel } = createSessionPair({ codec, server: { acceptCompression: ALL_COMPRESSION }, onStream: echoWith(CompressionId.Zstd) });
    await client.ping();
    const stream = client.openStream(utf8.encode("h"), { compression: CompressionId.Zstd });
    await stream.send(runs(100_000));
    stream.end();
    expect((await collect(stream))[0]!.length).toBe(100_000);
    expect(serverChannel.bytesWritten).toBeGreaterThan(100_000); // the response went as it is: the client advertises nothing
    expect(codec.calls).toEqual(["compress 2", "decompress 2"]); // the request was compressed: the server accepts zstd
    client.close();
  });

  test("a server that falls back to the one algorithm the client accepts flags every compressed message on its first frame only", async () => {
    const { peer, session } = createRawPeerPair({ codec: rleCodec(), config: { acceptCompression: ALL_COMPRESSION }, onStream: echoWith(CompressionId.Zstd) });
    peer.handshake({ acceptCompression: 1, initialStreamWindow: 2 ** 31 - 1 }); // gzip only
    await peer.waitUntil((f) => f.type === FrameType.Settings && (f.flags & Flag.Ack) !== 0);
    peer.send(headersWith(1, runs(10), 0));
    peer.send(rawFrame(FrameType.Data, Flag.EndMessage, 1, runs(3000)));
    const big = shortRuns(60_000); // sent in fragments, echoed in fragments
    peer.send(rawFrame(FrameType.Data, Flag.MessageStart, 1, new Uint8Array([0, 0, 0xea, 0x60, ...big.subarray(0, 16_000)])));
    for (let at = 16_000; at < 60_000; at += 16_000) {
      peer.send(rawFrame(FrameType.Data, at + 16_000 >= 60_000 ? Flag.EndMessage | Flag.EndStream : 0, 1, big.subarray(at, at + 16_000)));
    }
    await peer.waitUntil((f) => f.type === FrameType.Headers && (f.flags & Flag.EndStream) !== 0);
    const data = peer.frames.filter((f) => f.type === FrameType.Data && f.streamId === 1);
    const flagged = data.filter((f) => (f.flags & Flag.Compressed) !== 0);
    // The 3000-byte echo (one frame) and the first fragment of the big one; the 10-byte one stays plain.
    expect(flagged.map((f) => f.flags & (Flag.MessageStart | Flag.EndMessage))).toEqual([Flag.EndMessage, Flag.MessageStart]);
    expect(flagged.map((f) => f.payload[(f.flags & Flag.MessageStart) !== 0 ? 4 : 0])).toEqual([CompressionId.Gzip, CompressionId.Gzip]);
    const rest = data.slice(data.indexOf(flagged[1]!) + 1);
    expect(rest.length).toBeGreaterThan(0);
    expect(rest.every((f) => (f.flags & (Flag.Compressed | Flag.MessageStart)) === 0)).toBe(true);
    session.close();
  });
});

describe("sending compressed messages", () => {
  test("a first message that fits the HEADERS frame goes in it, flagged; one that does not follows as flagged DATA", async () => {
    const { peer, session } = createRawPeerPair({ role: "client", codec: rleCodec() });
    peer.handshake({ acceptCompression: 2 }); // the raw server accepts zstd
    await peer.waitUntil((f) => f.type === FrameType.Settings && (f.flags & Flag.Ack) !== 0); // the session has our SETTINGS
    session.openStream(utf8.encode("h"), { message: runs(5000), compression: CompressionId.Gzip, end: true });
    session.openStream(utf8.encode("h"), { message: shortRuns(60_000), compression: CompressionId.Zstd, end: true });
    await peer.waitUntil((f) => f.streamId === 3 && (f.flags & Flag.EndStream) !== 0);
    const first = peer.frames.find((f) => f.streamId === 1)!;
    expect([first.type, first.flags]).toEqual([FrameType.Headers, Flag.WithMessage | Flag.Compressed | Flag.EndStream]);
    expect(first.payload[4 + 1]).toBe(CompressionId.Zstd); // gzip preferred, zstd accepted: after the u32 block length and the block "h"
    const second = peer.frames.filter((f) => f.streamId === 3);
    expect([second[0]!.type, second[0]!.flags]).toEqual([FrameType.Headers, 0]);
    expect(second[1]!.flags).toBe(Flag.MessageStart | Flag.Compressed);
    expect(second.slice(2).every((f) => f.type === FrameType.Data && (f.flags & (Flag.Compressed | Flag.MessageStart)) === 0)).toBe(true);
    session.close();
  });
});

describe("receiving compressed messages", () => {
  const config = { acceptCompression: 1, maxMessageSize: 64 * 1024 }; // gzip only
  const accepting = () => createRawPeerPair({ codec: rleCodec(), config, onStream: echoWith(0) });
  const compressed = (id: number, bytes: number[]): Uint8Array => new Uint8Array([id, ...bytes]);

  test("an algorithm the receiver did not advertise resets that stream with UNSUPPORTED_COMPRESSION; the connection lives", async () => {
    const { peer, session } = accepting();
    peer.handshake();
    peer.send(headersWith(1, compressed(CompressionId.Zstd, [3, 65]), Flag.Compressed));
    expect(await resetOf(peer, 1)).toBe("UnsupportedCompression");
    peer.send(headersWith(3, compressed(CompressionId.Gzip, [3, 65]), Flag.Compressed | Flag.EndStream));
    await peer.waitUntil((f) => f.streamId === 3 && f.type === FrameType.Headers && (f.flags & Flag.EndStream) !== 0);
    const echoed = peer.frames.filter((f) => f.streamId === 3 && f.type === FrameType.Data).map((f) => text.decode(f.payload));
    expect(echoed).toContain("AAA");
    expect(session.state).toBe("open");
    session.close();
  });

  test("a session without compression resets a compressed message the same way", async () => {
    const { peer, session } = createRawPeerPair({ onStream: echoWith(0) });
    peer.handshake();
    peer.send(headersWith(1, compressed(CompressionId.Gzip, [3, 65]), Flag.Compressed));
    expect(await resetOf(peer, 1)).toBe("UnsupportedCompression");
    session.close();
  });

  test("a message that inflates past MAX_MESSAGE_SIZE is refused while inflating (MESSAGE_TOO_LARGE)", async () => {
    const { peer, session } = accepting();
    peer.handshake();
    // 600 bytes claiming 76,500: over the 64 KiB limit.
    const bomb = compressed(CompressionId.Gzip, Array.from({ length: 600 }, (_, i) => (i % 2 === 0 ? 255 : 0)));
    peer.send(headersWith(1, bomb, Flag.Compressed));
    expect(await resetOf(peer, 1)).toBe("MessageTooLarge");
    session.close();
  });

  test("malformed compressed bytes, COMPRESSED on a BATCH or on a later fragment are stream errors", async () => {
    const { peer, session } = accepting();
    peer.handshake({ acceptBatch: true });
    peer.send(headersWith(1, compressed(CompressionId.Gzip, [3]), Flag.Compressed));
    expect(await resetOf(peer, 1)).toBe("ProtocolError");
    peer.send(rawFrame(FrameType.Headers, 0, 3, utf8.encode("h")));
    peer.send(rawFrame(FrameType.Data, Flag.Batch | Flag.Compressed, 3, new Uint8Array([0, 0, 0, 1, 7])));
    expect(await resetOf(peer, 3)).toBe("ProtocolError");
    peer.send(rawFrame(FrameType.Headers, 0, 5, utf8.encode("h")));
    peer.send(rawFrame(FrameType.Data, Flag.MessageStart | Flag.Compressed, 5, new Uint8Array([0, 0, 0, 5, 1, 2])));
    peer.send(rawFrame(FrameType.Data, Flag.EndMessage | Flag.Compressed, 5, new Uint8Array([65, 1, 66])));
    expect(await resetOf(peer, 5)).toBe("ProtocolError");
    expect(session.state).toBe("open");
    session.close();
  });

  test("queued compressed messages stay compressed until read; one that cannot inflate fails the stream when read", async () => {
    let held: WireStream | undefined;
    const { peer, session } = createRawPeerPair({ codec: rleCodec(), config, onStream: (s) => void (held = s) });
    peer.handshake();
    peer.send(rawFrame(FrameType.Headers, 0, 1, utf8.encode("h")));
    peer.send(rawFrame(FrameType.Data, Flag.EndMessage | Flag.Compressed, 1, compressed(CompressionId.Gzip, [200, 65, 200, 66])));
    peer.send(rawFrame(FrameType.Data, Flag.EndMessage, 1, utf8.encode("plain")));
    peer.send(rawFrame(FrameType.Data, Flag.EndMessage | Flag.Compressed, 1, compressed(CompressionId.Zstd, [1, 1])));
    await Bun.sleep(5);
    const first = await held!.next();
    expect(first.value!.length).toBe(400);
    expect(text.decode((await held!.next()).value!)).toBe("plain");
    await expect(held!.next()).rejects.toThrow(/zstd/);
    expect(await resetOf(peer, 1)).toBe("UnsupportedCompression");
    session.close();
  });
});
