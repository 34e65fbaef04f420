import { describe, expect, test } from "bun:test";
import { Code, createChannel, createClient, createServer, createWebChannel, type ChannelOptions, type Compression, type CompressionAlgorithm, type ServerOptions } from "strand";
import { testChannel } from "../support/channel.ts";
import { compressionHandlers, CompressionService, textPayload } from "../support/compression-service.ts";
import { FrameTap } from "../support/frame-tap.ts";
import { listenLocal, portOf } from "../support/listen.ts";
import { rpcFailure } from "../support/rpc-failure.ts";
import { TcpProxy } from "../support/tcp-proxy.ts";
import { Echo } from "../gen/acme/echo/v1/echo.ts";

/*
 * Compression between well-behaved peers over real sockets, read back from the bytes on the wire
 * (a tapping relay): every combination of what each side accepts and sends with, the defaults, the
 * threshold and the per-call overrides. compression-abuse.test.ts has the peers that break the rules.
 */

const KiB = 1024;
const decoder = new TextDecoder();
const same = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** A server and a channel through a tapping relay: what each side sent is read back as frames. */
async function tapped(serverOptions: ServerOptions, channelOptions: ChannelOptions) {
  const server = createServer({ health: false, ...serverOptions }).add(CompressionService, compressionHandlers());
  const up = new FrameTap();
  const down = new FrameTap();
  const proxy = new TcpProxy(portOf(await listenLocal(server)), down.tap, up.tap);
  const channel = createChannel(proxy.target, channelOptions);
  const client = createClient(CompressionService, channel);
  // Until the peer's SETTINGS arrive a sender assumes it accepts nothing: one small call settles them.
  await client.unary(new Uint8Array(8));
  return {
    client,
    up,
    down,
    async [Symbol.asyncDispose]() {
      channel.close();
      proxy[Symbol.dispose]();
      await server.close({ force: true });
    },
  };
}

/** What a sender preferring `send` compresses with towards a receiver accepting `accept`: the preferred one if accepted, else zstd, else gzip. */
function expected(send: Compression, accept: readonly CompressionAlgorithm[]): string[] {
  if (send === "none" || accept.length === 0) return [];
  return [accept.includes(send) ? send : accept.includes("zstd") ? "zstd" : "gzip"];
}

/** The compression test service's four call kinds with 64 KiB text-like payloads; checks every answer. */
async function allKinds(client: ReturnType<typeof createClient<typeof CompressionService>>): Promise<void> {
  const a = textPayload(64 * KiB, 1);
  const b = textPayload(64 * KiB, 2);
  expect(same(await client.unary(a), a)).toBe(true);
  const streamed: Uint8Array[] = [];
  for await (const m of client.serverStream(b)) streamed.push(m);
  expect(streamed.length).toBe(3);
  expect(streamed.every((m) => same(m, b))).toBe(true);
  expect(same(await client.clientStream([a, b]), b)).toBe(true);
  const echoed: Uint8Array[] = [];
  for await (const m of client.bidi([b, a])) echoed.push(m);
  expect(echoed.length === 2 && same(echoed[0]!, b) && same(echoed[1]!, a)).toBe(true);
}

describe("compression interoperates in every combination of settings", () => {
  const accepts: (readonly CompressionAlgorithm[])[] = [[], ["gzip"], ["zstd"], ["zstd", "gzip"]];
  const sends: Compression[] = ["none", "gzip", "zstd"];
  const cases = accepts.flatMap((accept) => sends.map((send) => [accept, send] as const));

  test.each(cases)("both sides accept %p and send with %p: the four call kinds, both directions", async (accept, send) => {
    await using e = await tapped({ acceptCompression: accept, compression: send }, { acceptCompression: accept, compression: send });
    await allKinds(e.client);
    const algorithms = expected(send, accept);
    // Requests: unary 1, server stream 1, client stream 2, bidi 2; responses: 1 + 3 + 1 + 2.
    expect(e.up.algorithms).toEqual(algorithms);
    expect(e.down.algorithms).toEqual(algorithms);
    expect(e.up.compressed.length).toBe(algorithms.length === 0 ? 0 : 6);
    expect(e.down.compressed.length).toBe(algorithms.length === 0 ? 0 : 7);
    if (algorithms.length > 0) expect(e.up.bytes).toBeLessThan((6 * 64 * KiB) / 3); // JSON-like text shrinks to well under a third
  });

  test("a client sending with one algorithm to a server accepting the other, and back: each side gets only what it advertised", async () => {
    await using e = await tapped({ acceptCompression: ["gzip"], compression: "gzip" }, { acceptCompression: ["zstd"], compression: "zstd" });
    await allKinds(e.client);
    expect(e.up.algorithms).toEqual(["gzip"]); // the client prefers zstd; the server takes gzip only
    expect(e.down.algorithms).toEqual(["zstd"]);
  });
});

describe("defaults, thresholds and overrides", () => {
  test("off by default: defaults on both sides send nothing compressed, though both accept zstd and gzip", async () => {
    await using e = await tapped({}, {});
    await allKinds(e.client);
    expect([e.up.compressed.length, e.down.compressed.length]).toEqual([0, 0]);
    expect(e.up.bytes).toBeGreaterThan(6 * 64 * KiB);
  });

  test("opting in on one side is enough against a default peer (it accepts both)", async () => {
    await using client = await tapped({}, { compression: "gzip" });
    await allKinds(client.client);
    expect([client.up.algorithms, client.down.algorithms]).toEqual([["gzip"], []]);
    await using server = await tapped({ compression: "zstd" }, {});
    await allKinds(server.client);
    expect([server.up.algorithms, server.down.algorithms]).toEqual([[], ["zstd"]]);
  });

  test("messages under compressMinBytes (1 KiB by default) and messages compression does not shrink go uncompressed", async () => {
    await using e = await tapped({ compression: "zstd" }, { compression: "zstd" });
    await e.client.unary(textPayload(1023));
    expect([e.up.compressed.length, e.down.compressed.length]).toEqual([0, 0]);
    await e.client.unary(textPayload(1024));
    expect([e.up.compressed.length, e.down.compressed.length]).toEqual([1, 1]);
    const random = crypto.getRandomValues(new Uint8Array(8 * KiB));
    expect(same(await e.client.unary(random), random)).toBe(true);
    expect([e.up.compressed.length, e.down.compressed.length]).toEqual([1, 1]); // incompressible: sent as it is
    await using low = await tapped({ compression: "gzip", compressMinBytes: 100 }, { compression: "gzip", compressMinBytes: 100 });
    await low.client.unary(textPayload(200));
    expect([low.up.algorithms, low.down.algorithms]).toEqual([["gzip"], ["gzip"]]);
  });

  test("the call option overrides the channel's compression, ctx.setCompression the server's", async () => {
    await using e = await tapped({}, { compression: "zstd" });
    const payload = textPayload(8 * KiB);
    await e.client.unary(payload, { compression: "gzip" });
    await e.client.unary(payload, { compression: "none" });
    expect(e.up.compressed).toEqual([1]); // gzip once, then nothing
    await e.client.unary(new Uint8Array([...new TextEncoder().encode("gzip!"), ...payload])); // the handler asks for gzip
    for await (const _ of e.client.serverStream(new Uint8Array([...new TextEncoder().encode("zstd!"), ...payload])));
    expect(e.down.compressed).toEqual([1, 2, 2, 2]);
  });

  test("a stream of generated messages (encoded into the stream's own buffer): large ones go compressed, small ones packed as they were", async () => {
    await using server = createServer({ health: false, compression: "zstd" }).add(Echo, {
      say: (note) => note,
      async *chat(notes) {
        for await (const note of notes) yield note;
      },
    });
    const up = new FrameTap();
    const down = new FrameTap();
    using proxy = new TcpProxy(portOf(await listenLocal(server)), down.tap, up.tap);
    using channel = testChannel(proxy.target, { compression: "gzip" });
    const client = createClient(Echo, channel);
    await client.say({ text: "settle" });
    // 2 KiB: small enough to be packed with its neighbours, were it not over compressMinBytes.
    const mid = decoder.decode(textPayload(2 * KiB));
    const big = decoder.decode(textPayload(8 * KiB));
    const texts = ["a", mid, "b", "c", big, "d", mid];
    const echoed: string[] = [];
    for await (const note of client.chat(texts.map((text) => ({ text })))) echoed.push(note.text);
    expect(echoed).toEqual(texts);
    expect([up.algorithms, up.compressed.length]).toEqual([["gzip"], 3]);
    expect([down.algorithms, down.compressed.length]).toEqual([["zstd"], 3]);
    expect(down.plain).toBe(1 + 4); // the settling call's answer, and the four small notes
  });

  test("a WebSocket channel (no codec, as in browsers) advertises nothing: a compressing server answers it uncompressed", async () => {
    await using server = createServer({ health: false, compression: "zstd" }).add(CompressionService, compressionHandlers());
    const { url } = await server.listen({ websocket: { hostname: "127.0.0.1", port: 0, path: "/strand" } });
    const channel = createWebChannel(url!);
    try {
      await allKinds(createClient(CompressionService, channel)); // a compressed answer would fail with Unimplemented
    } finally {
      channel.close();
    }
  });

  test("bad options fail at construction, a bad call option fails its call with InvalidArgument", async () => {
    expect(() => createServer({ compression: "brotli" as never })).toThrow(/compression/);
    expect(() => createServer({ acceptCompression: ["lz4"] as never })).toThrow(/acceptCompression/);
    expect(() => createServer({ compressMinBytes: -1 })).toThrow(/compressMinBytes/);
    expect(() => createChannel("127.0.0.1:1", { compression: "deflate" as never })).toThrow(/compression/);
    expect(() => createChannel("127.0.0.1:1", { compressMinBytes: 1.5 })).toThrow(/compressMinBytes/);
    await using server = createServer({ health: false }).add(CompressionService, compressionHandlers());
    using channel = testChannel(await listenLocal(server));
    const error = await rpcFailure(createClient(CompressionService, channel).unary(new Uint8Array(1), { compression: "brotli" as never }));
    expect(error.code).toBe(Code.InvalidArgument);
    expect(error.message).toContain("brotli");
  });
});
