import { describe, expect, test } from "bun:test";
import { createClient } from "./client.ts";
import { Code } from "./code.ts";
import { method, service, type MessageCodec } from "./descriptor.ts";
import { RpcError } from "./rpc-error.ts";
import { createMemoryPair } from "./testing/memory-pair.ts";
import { TestMessage, TestService } from "./testing/test-service.ts";

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

async function* gen<T>(items: T[]): AsyncGenerator<T> {
  for (const x of items) yield x;
}

const handlers = {
  async echo(req: TestMessage) {
    return { text: req.text, n: req.n + 1 };
  },
  async *count(req: TestMessage) {
    for (let i = 0; i < req.n; i++) yield { n: i };
  },
  async sum(reqs: AsyncIterable<TestMessage>) {
    let n = 0;
    for await (const r of reqs) n += r.n;
    return { n };
  },
  async *chat(reqs: AsyncIterable<TestMessage>) {
    for await (const r of reqs) yield { text: r.text.toUpperCase() };
  },
};

describe("the four call kinds end to end", () => {
  for (const syncDelivery of [false, true]) {
    describe(syncDelivery ? "synchronous delivery" : "asynchronous delivery", () => {
      const { client } = createMemoryPair(TestService, handlers, { transport: { syncDelivery } });

      test("unary, with a partial request", async () => {
        expect(await client.echo({ text: "hi" })).toEqual({ text: "hi", n: 1 });
      });

      test("server streaming", async () => {
        expect((await collect(client.count({ n: 3 }))).map((m) => m.n)).toEqual([0, 1, 2]);
      });

      test("server streaming with zero messages", async () => {
        expect(await collect(client.count({ n: 0 }))).toEqual([]);
      });

      test("client streaming from an async iterable and from an array", async () => {
        expect(await client.sum(gen([{ n: 1 }, { n: 2 }, { n: 3 }]))).toEqual({ text: "", n: 6 });
        expect(await client.sum([{ n: 4 }, { n: 5 }])).toEqual({ text: "", n: 9 });
        expect(await client.sum([])).toEqual({ text: "", n: 0 });
      });

      test("bidi streaming", async () => {
        const out = await collect(client.chat(gen([{ text: "a" }, { text: "b" }])));
        expect(out.map((m) => m.text)).toEqual(["A", "B"]);
      });

      test("many concurrent unary calls", async () => {
        const results = await Promise.all(Array.from({ length: 200 }, (_, i) => client.echo({ n: i })));
        expect(results.map((r) => r.n)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
      });
    });
  }
});

describe("errors", () => {
  test("a handler's RpcError reaches the client with code, message, details and metadata", async () => {
    const { client } = createMemoryPair(TestService, {
      async echo() {
        throw new RpcError(Code.NotFound, "\t\ntest with whitespace\r\nand Unicode BMP ☺ and non-BMP 😈\t\n", {
          metadata: { "x-reason": "gone" },
          details: [{ type: "google.rpc.RetryInfo", value: new Uint8Array([1, 2, 3]) }],
        });
      },
    });
    const error = await client.echo({}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcError);
    const e = error as RpcError;
    expect(e.code).toBe(Code.NotFound);
    expect(e.message).toBe("\t\ntest with whitespace\r\nand Unicode BMP ☺ and non-BMP 😈\t\n");
    expect(e.metadata.get("x-reason")).toBe("gone");
    expect(e.details).toEqual([{ type: "google.rpc.RetryInfo", value: new Uint8Array([1, 2, 3]) }]);
  });

  test("a non-RpcError becomes Internal without its message or stack, and is logged", async () => {
    const logged: unknown[] = [];
    const { client } = createMemoryPair(
      TestService,
      {
        async echo() {
          throw new Error("secret database password in message");
        },
      },
      { server: { logger: { error: (_m, e) => logged.push(e) } } },
    );
    const e = (await client.echo({}).catch((x: unknown) => x)) as RpcError;
    expect(e.code).toBe(Code.Internal);
    expect(e.message).toBe("internal error");
    expect(String(e.cause ?? "")).not.toContain("secret");
    expect(logged).toHaveLength(1);
    expect((logged[0] as Error).message).toContain("secret");
  });

  test("a server stream fails after some messages: messages first, then the error", async () => {
    const { client } = createMemoryPair(TestService, {
      async *count() {
        yield { n: 1 };
        throw new RpcError(Code.Aborted, "stop");
      },
    });
    const seen: number[] = [];
    const error = await (async () => {
      for await (const m of client.count({})) seen.push(m.n);
    })().catch((e: unknown) => e);
    expect(seen).toEqual([1]);
    expect((error as RpcError).code).toBe(Code.Aborted);
  });

  test("unknown method and unknown service are Unimplemented", async () => {
    const { client } = createMemoryPair(TestService, { echo: handlers.echo });
    const e1 = (await client.post({}).catch((x: unknown) => x)) as RpcError;
    expect(e1.code).toBe(Code.Unimplemented);
    expect(e1.message).toContain("Post");
    const { transport } = createMemoryPair(TestService, {});
    const Other = service("other.v1.Nope", { x: method("other.v1.Nope", "X", "unary", TestMessage, TestMessage) });
    const e2 = (await createClient(Other, transport).x({}).catch((x: unknown) => x)) as RpcError;
    expect(e2.code).toBe(Code.Unimplemented);
    expect(e2.message).toContain("other.v1.Nope");
  });

  test("an undecodable request is InvalidArgument and the handler does not run", async () => {
    let ran = false;
    const { transport } = createMemoryPair(TestService, {
      async echo() {
        ran = true;
        return {};
      },
    });
    const Raw: MessageCodec<Uint8Array> = {
      typeName: "raw",
      create: (i) => (i ?? new Uint8Array()) as Uint8Array,
      encode: (b) => b,
      decode: (b) => b,
    };
    const Broken = service("strand.test.v1.Test", { echo: method("strand.test.v1.Test", "Echo", "unary", Raw, TestMessage) });
    const e = (await createClient(Broken, transport).echo(new Uint8Array([0xff, 0x00])).catch((x: unknown) => x)) as RpcError;
    expect(e.code).toBe(Code.InvalidArgument);
    expect(ran).toBe(false);
  });
});
