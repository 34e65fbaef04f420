import { describe, expect, test } from "bun:test";
import { Code, createChannel, createClient, createServer, RpcError } from "strand";
import { TestService, type TestMessage } from "@strand/rpc/testing";

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
