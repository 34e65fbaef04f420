import { describe, expect, test } from "bun:test";
import { createClient } from "./client.ts";
import { Code } from "./code.ts";
import { method, service } from "./descriptor.ts";
import { RpcError } from "./rpc-error.ts";
import { createMemoryPair } from "./testing/memory-pair.ts";
import { TestMessage, TestService } from "./testing/test-service.ts";

async function failure(p: Promise<unknown>): Promise<RpcError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(RpcError);
  return e as RpcError;
}

/** Lets timers and I/O run, so a producer that ignores backpressure would race far ahead. */
const idle = () => new Promise((r) => setTimeout(r, 20));

const payload = "x".repeat(100);
const messageBytes = new TextEncoder().encode(JSON.stringify({ text: payload, n: 1000 })).length;
const windowBytes = 1024;
const inWindow = Math.ceil(windowBytes / messageBytes);

describe("backpressure", () => {
  test("a server generator is pulled only as far as the window ahead of a slow reader", async () => {
    let pulled = 0;
    const { client } = createMemoryPair(
      TestService,
      {
        async *count() {
          for (let i = 0; i < 10_000; i++) {
            pulled++;
            yield { text: payload, n: 1000 + i };
          }
        },
      },
      { transport: { windowBytes } },
    );
    let read = 0;
    for await (const _ of client.count({})) {
      if (++read === 3) {
        await idle();
        break;
      }
    }
    // window + the client's one-message read-ahead + the message being sent + the one pending in the generator.
    expect(pulled).toBeGreaterThan(read);
    expect(pulled).toBeLessThanOrEqual(read + inWindow + 3);
  });

  test("a client-streaming sender waits for a server that does not read", async () => {
    let pulled = 0;
    const release = Promise.withResolvers<void>();
    const { client } = createMemoryPair(
      TestService,
      {
        async sum(reqs) {
          await release.promise;
          let n = 0;
          for await (const r of reqs) n += r.n;
          return { n };
        },
      },
      { transport: { windowBytes } },
    );
    function* requests(): Generator<Partial<TestMessage>> {
      for (let i = 0; i < 100; i++) {
        pulled++;
        yield { text: payload, n: 1 };
      }
    }
    const result = client.sum(requests());
    await idle();
    expect(pulled).toBeGreaterThan(0);
    expect(pulled).toBeLessThanOrEqual(inWindow + 3);
    release.resolve();
    expect((await result).n).toBe(100);
  });
});

describe("limits", () => {
  test("a request over the server's receive limit is ResourceExhausted; the handler does not run", async () => {
    let ran = false;
    const { client } = createMemoryPair(
      TestService,
      {
        async echo(r) {
          ran = true;
          return r;
        },
      },
      { server: { maxReceiveMessageBytes: 100 } },
    );
    const e = await failure(client.echo({ text: payload }));
    expect(e.code).toBe(Code.ResourceExhausted);
    expect(e.message).toContain("100 bytes");
    expect(ran).toBe(false);
    expect((await client.echo({ text: "small" })).text).toBe("small");
  });

  test("a response over the client's receive limit is ResourceExhausted", async () => {
    const { client } = createMemoryPair(TestService, { echo: async (r) => r }, { client: { maxReceiveMessageBytes: 100 } });
    expect((await failure(client.echo({ text: payload }))).code).toBe(Code.ResourceExhausted);
  });

  test("request metadata over the client's soft limit fails locally; over the server's hard limit remotely", async () => {
    const big = { "x-big": "a".repeat(9000) };
    const local = createMemoryPair(TestService, { echo: async (r) => r });
    expect((await failure(local.client.echo({}, { metadata: big }))).code).toBe(Code.ResourceExhausted);
    expect(local.transport.opened).toBe(0);

    const remote = createMemoryPair(TestService, { echo: async (r) => r }, {
      client: { metadataSoftLimitBytes: 65536, metadataHardLimitBytes: 65536 },
      server: { metadataHardLimitBytes: 8192 },
    });
    const e = await failure(remote.client.echo({}, { metadata: big }));
    expect(e.code).toBe(Code.ResourceExhausted);
    expect(e.message).toContain("8192");
  });

  test("trailers too large to send become Internal (the status survives, the metadata is dropped)", async () => {
    const logged: string[] = [];
    const { client } = createMemoryPair(
      TestService,
      {
        async echo(_r, ctx) {
          ctx.setTrailer("x-big", "a".repeat(9000));
          return {};
        },
      },
      { server: { logger: { error: (m) => logged.push(m) } } },
    );
    const e = await failure(client.echo({}));
    expect(e.code).toBe(Code.Internal);
    expect(e.message).toContain("size limit");
    expect(logged).toHaveLength(1);
  });
});

describe("oversized response headers", () => {
  test("become Internal for unary and streaming handlers instead of escaping the dispatcher", async () => {
    const logged: string[] = [];
    const { client } = createMemoryPair(
      TestService,
      {
        async echo(_r, ctx) {
          ctx.setHeader("x-big", "a".repeat(9000));
          return {};
        },
        async *count(_r, ctx) {
          ctx.setHeader("x-big", "a".repeat(9000));
          yield {};
          yield {};
        },
      },
      { server: { logger: { error: (m) => logged.push(m) } } },
    );
    const unary = await failure(client.echo({}));
    expect(unary.code).toBe(Code.Internal);
    expect(unary.message).toContain("size limit");
    const streamed = await failure((async () => {
      for await (const _ of client.count({}));
    })());
    expect(streamed.code).toBe(Code.Internal);
    expect(logged).toHaveLength(2);
  });
});

describe("handler shapes", () => {
  test("sync unary handlers and handlers returning full messages work", async () => {
    const { client } = createMemoryPair(TestService, {
      echo: (r) => ({ text: r.text + "!" }),
      post: async (r) => r,
    });
    expect((await client.echo({ text: "a" })).text).toBe("a!");
    expect(await client.post({ text: "b", n: 2 })).toEqual({ text: "b", n: 2 });
  });

  test("a unary handler may return any thenable, throw synchronously, or reject; the slot is freed each time", async () => {
    const thenable = (value: Partial<TestMessage>): PromiseLike<Partial<TestMessage>> => ({
      then: (resolve) => Promise.resolve(resolve?.(value)) as never,
    });
    const { client, transport, dispatcher } = createMemoryPair(TestService, {
      echo: (r) => thenable({ text: `${r.text} via thenable` }) as never,
      post: (r) => {
        if (r.n === 1) throw new RpcError(Code.NotFound, "thrown");
        return Promise.reject(new RpcError(Code.Aborted, "rejected"));
      },
    });
    expect((await client.echo({ text: "x" })).text).toBe("x via thenable");
    expect((await failure(client.post({ n: 1 }))).code).toBe(Code.NotFound);
    expect((await failure(client.post({ n: 2 }))).code).toBe(Code.Aborted);
    await idle();
    expect(transport.liveStreams).toBe(0);
    expect(dispatcher.handlers.running).toBe(0);
  });

  test("an async unary handler is answered whether its promise fulfilled at once, later, or rejected; the slot is freed each time", async () => {
    const { client, transport, dispatcher } = createMemoryPair(TestService, {
      async echo(r) {
        if (r.text === "later") await new Promise((resolve) => setTimeout(resolve, 1));
        if (r.text === "fail") throw new RpcError(Code.PermissionDenied, "async throw");
        return { text: `${r.text}!` };
      },
    });
    expect((await client.echo({ text: "now" })).text).toBe("now!");
    expect((await client.echo({ text: "later" })).text).toBe("later!");
    expect((await failure(client.echo({ text: "fail" }))).code).toBe(Code.PermissionDenied);
    const many = await Promise.all(Array.from({ length: 50 }, (_, i) => client.echo({ text: i % 2 === 0 ? `${i}` : "later" })));
    expect(many.map((m) => m.text)).toEqual(Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? `${i}!` : "later!")));
    await idle();
    expect(transport.liveStreams).toBe(0);
    expect(dispatcher.handlers.running).toBe(0);
  });

  test("a client-streaming handler may answer before reading everything", async () => {
    const { client, transport } = createMemoryPair(TestService, {
      async sum(reqs) {
        for await (const r of reqs) return { n: r.n };
        return { n: -1 };
      },
    });
    function* forever(): Generator<Partial<TestMessage>> {
      for (let i = 7; ; i++) yield { n: i };
    }
    expect((await client.sum(forever())).n).toBe(7);
    await idle();
    expect(transport.liveStreams).toBe(0);
  });

  test("a server-streaming handler that throws before yielding gives a trailers-only error", async () => {
    const { client } = createMemoryPair(TestService, {
      // eslint-disable-next-line require-yield
      async *count() {
        throw new RpcError(Code.FailedPrecondition, "not yet");
      },
    });
    let headerCalls = 0;
    const e = await failure(
      (async () => {
        for await (const _ of client.count({}, { onHeader: () => headerCalls++ }));
      })(),
    );
    expect(e.code).toBe(Code.FailedPrecondition);
    expect(headerCalls).toBe(0);
  });
});

test("an unknown path too long to echo in the status message still gets a trailers-only Unimplemented", async () => {
  const long = "x".repeat(10_000);
  const Long = service(long, { m: method(long, "M", "unary", TestMessage, TestMessage) });
  const pair = createMemoryPair(TestService, {});
  const e = await failure(createClient(Long, pair.transport, { metadataSoftLimitBytes: 16384 }).m({}));
  expect(e.code).toBe(Code.Unimplemented);
  expect(e.message.length).toBeLessThanOrEqual(256);
});
