import { describe, expect, test } from "bun:test";
import { Code, createChannel, createClient, createServer, method, RpcError, service, type ByteSink, type MessageCodec } from "strand";
import { TestMessage, TestService } from "@strand/rpc/testing";

async function* numbers(n: number): AsyncIterable<Partial<TestMessage>> {
  for (let i = 1; i <= n; i++) yield { n: i };
}

function startServer() {
  const server = createServer();
  server.add(TestService, {
    async echo(req, ctx) {
      ctx.setHeader("x-peer", ctx.peer);
      ctx.setTrailer("x-done", "yes");
      return { text: req.text, n: req.n };
    },
    async post(req) {
      throw new RpcError(Code.NotFound, `no ${req.text}`);
    },
    async *count(req) {
      for (let i = 0; i < req.n; i++) yield { n: i, text: "" };
    },
    async sum(reqs) {
      let total = 0;
      for await (const r of reqs) total += r.n;
      return { n: total, text: "" };
    },
    async *chat(reqs) {
      for await (const r of reqs) yield { text: r.text.toUpperCase(), n: r.n };
    },
  });
  return server;
}

describe("the four call kinds over loopback TCP", () => {
  test("unary, server streaming, client streaming and bidi", async () => {
    await using server = startServer();
    const { port } = await server.listen({ hostname: "127.0.0.1", port: 0 });
    const channel = createChannel(`127.0.0.1:${port}`);
    const client = createClient(TestService, channel);
    const seen: { peer?: string | undefined; done?: string | undefined } = {};
    const reply = await client.echo({ text: "hi", n: 1 }, { onHeader: (h) => (seen.peer = h.get("x-peer")), onTrailer: (t) => (seen.done = t.get("x-done")) });
    expect(reply).toEqual({ text: "hi", n: 1 });
    expect(seen.peer).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(seen.done).toBe("yes");

    const counted: number[] = [];
    for await (const m of client.count({ n: 5 })) counted.push(m.n);
    expect(counted).toEqual([0, 1, 2, 3, 4]);

    expect((await client.sum(numbers(100))).n).toBe(5050);

    const chatted: string[] = [];
    for await (const m of client.chat([{ text: "a" }, { text: "b" }])) chatted.push(m.text);
    expect(chatted).toEqual(["A", "B"]);

    const error = await client.post({ text: "thing" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcError);
    expect((error as RpcError).code).toBe(Code.NotFound);
    expect((error as RpcError).message).toBe("no thing");
    channel.close();
  });
});

/** The test codec, plus the in-place paths generated codecs have (appending to a sink, decoding a range), counted. */
function countingCodec(): MessageCodec<TestMessage> & { appended: number; ranged: number } {
  return {
    ...TestMessage,
    appended: 0,
    ranged: 0,
    encodeAppend(message: TestMessage, sink: ByteSink) {
      this.appended++;
      const bytes = TestMessage.encode(message);
      if (sink.length + bytes.length > sink.bytes.length) {
        const grown = new Uint8Array(Math.max(2 * sink.bytes.length, sink.length + bytes.length));
        grown.set(sink.bytes.subarray(0, sink.length));
        sink.bytes = grown;
      }
      sink.bytes.set(bytes, sink.length);
      sink.length += bytes.length;
    },
    decodeRange(bytes: Uint8Array, start: number, end: number) {
      this.ranged++;
      return TestMessage.decode(bytes.subarray(start, end));
    },
  };
}

describe("long streams of small messages (several to a frame)", () => {
  for (const inPlace of [true, false]) {
    test(inPlace ? "with a codec that appends in place and decodes ranges" : "with a codec that only encodes and decodes whole arrays", async () => {
      const codec = countingCodec();
      const message = inPlace ? codec : TestMessage;
      const Counting = service("strand.test.v1.Counting", { count: method("strand.test.v1.Counting", "Count", "server_streaming", message, message) });
      await using server = createServer().add(Counting, {
        async *count(req) {
          for (let i = 0; i < req.n; i++) yield { n: i, text: "" };
        },
      });
      const { port } = await server.listen({ hostname: "127.0.0.1", port: 0 });
      const channel = createChannel(`127.0.0.1:${port}`);
      const counted: number[] = [];
      for await (const m of createClient(Counting, channel).count({ n: 3000 })) counted.push(m.n);
      expect(counted).toEqual(Array.from({ length: 3000 }, (_, i) => i));
      // Server and client share the codec object here: both in-place paths ran (all but the first message, which goes with the headers).
      expect([codec.appended > 2900, codec.ranged >= 3000]).toEqual([inPlace, inPlace]);
      channel.close();
    });
  }
});

