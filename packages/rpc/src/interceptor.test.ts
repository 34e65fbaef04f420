import { describe, expect, test } from "bun:test";
import { Code, codeName } from "./code.ts";
import type { Interceptor } from "./interceptor.ts";
import { RpcError } from "./rpc-error.ts";
import type { ServerInterceptor } from "./server-interceptor.ts";
import { createMemoryPair } from "./testing/memory-pair.ts";
import { TestService, type TestMessage } from "./testing/test-service.ts";

const handlers = {
  async echo(r: TestMessage) {
    return r;
  },
  async *count(r: TestMessage) {
    for (let i = 0; i < r.n; i++) yield { n: i };
  },
  async sum(reqs: AsyncIterable<TestMessage>) {
    let n = 0;
    for await (const r of reqs) n += r.n;
    return { n };
  },
  async *chat(reqs: AsyncIterable<TestMessage>) {
    for await (const r of reqs) yield r;
  },
};

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/** Example: a client logging interceptor that sees every kind and counts streamed responses. */
function clientLogger(log: string[]): Interceptor {
  return (next) => async (req) => {
    log.push(`> ${req.method.name} ${req.method.kind} stream-request=${String(req.stream)}`);
    try {
      const res = await next(req);
      if (!res.stream) {
        log.push(`< ${req.method.name} OK`);
        return res;
      }
      const inner = res.messages;
      return {
        ...res,
        messages: (async function* () {
          let count = 0;
          for await (const m of inner) {
            count++;
            yield m;
          }
          log.push(`< ${req.method.name} OK after ${String(count)} messages`);
        })(),
      };
    } catch (e) {
      log.push(`< ${req.method.name} ${codeName(RpcError.from(e).code)}`);
      throw e;
    }
  };
}

/** Example: server auth that rejects calls without the token before any handler runs. */
const auth: ServerInterceptor = (next) => async (req) => {
  if (req.header.get("authorization") !== "Bearer secret") {
    throw new RpcError(Code.Unauthenticated, "missing or bad token");
  }
  return next(req);
};

/** Example: server logging of every call's outcome. */
function serverLogger(log: string[]): ServerInterceptor {
  return (next) => async (req) => {
    try {
      const res = await next(req);
      log.push(`${req.method.name} ok stream-response=${String(res.stream)}`);
      return res;
    } catch (e) {
      log.push(`${req.method.name} ${codeName(RpcError.from(e).code)}`);
      throw e;
    }
  };
}

const addToken: Interceptor = (next) => (req) => {
  req.header.set("authorization", "Bearer secret");
  return next(req);
};

describe("client interceptors", () => {
  test("one signature covers the four kinds, outermost first", async () => {
    const log: string[] = [];
    const order: string[] = [];
    const tag =
      (name: string): Interceptor =>
      (next) =>
      (req) => {
        order.push(name);
        return next(req);
      };
    const { client } = createMemoryPair(TestService, handlers, {
      client: { interceptors: [clientLogger(log), tag("a"), tag("b")] },
    });
    await client.echo({ n: 1 });
    expect(await collect(client.count({ n: 2 }))).toHaveLength(2);
    expect((await client.sum([{ n: 1 }, { n: 2 }])).n).toBe(3);
    expect(await collect(client.chat([{ n: 1 }]))).toHaveLength(1);
    expect(log).toEqual([
      "> Echo unary stream-request=false",
      "< Echo OK",
      "> Count server_streaming stream-request=false",
      "< Count OK after 2 messages",
      "> Sum client_streaming stream-request=true",
      "< Sum OK",
      "> Chat bidi_streaming stream-request=true",
      "< Chat OK after 1 messages",
    ]);
    expect(order).toEqual(["a", "b", "a", "b", "a", "b", "a", "b"]);
  });

  test("interceptors can rewrite messages in both directions of a stream", async () => {
    const double: Interceptor = (next) => async (req) => {
      if (req.stream) {
        const inner = req.messages as AsyncIterable<TestMessage>;
        req.messages = (async function* () {
          for await (const m of inner) yield { ...m, n: m.n * 2 };
        })();
      }
      return next(req);
    };
    const { client } = createMemoryPair(TestService, handlers, { client: { interceptors: [double] } });
    expect((await client.sum([{ n: 1 }, { n: 2 }])).n).toBe(6);
  });

  test("a client interceptor can short-circuit with an error, and the logger sees it", async () => {
    const log: string[] = [];
    const deny: Interceptor = () => () => Promise.reject(new RpcError(Code.PermissionDenied, "no"));
    const { client, transport } = createMemoryPair(TestService, handlers, {
      client: { interceptors: [clientLogger(log), deny] },
    });
    expect(((await client.echo({}).catch((e: unknown) => e)) as RpcError).code).toBe(Code.PermissionDenied);
    expect(log).toEqual(["> Echo unary stream-request=false", "< Echo PermissionDenied"]);
    expect(transport.opened).toBe(0);
  });
});

describe("server interceptors", () => {
  test("auth rejects a missing token with Unauthenticated before the handler runs, for every kind", async () => {
    let ran = 0;
    const counting = {
      echo: async (r: TestMessage) => (ran++, r),
      count: async function* () {
        ran++;
        yield {};
      },
      sum: async () => (ran++, {}),
      chat: async function* () {
        ran++;
        yield {};
      },
    };
    const log: string[] = [];
    const { client } = createMemoryPair(TestService, counting, { server: { interceptors: [serverLogger(log), auth] } });
    const codes = await Promise.all([
      client.echo({}).catch((e: RpcError) => e.code),
      collect(client.count({})).catch((e: RpcError) => e.code),
      client.sum([{}]).catch((e: RpcError) => e.code),
      collect(client.chat([{}])).catch((e: RpcError) => e.code),
    ]);
    expect(codes).toEqual([Code.Unauthenticated, Code.Unauthenticated, Code.Unauthenticated, Code.Unauthenticated]);
    expect(ran).toBe(0);
    expect(log.sort()).toEqual(["Chat Unauthenticated", "Count Unauthenticated", "Echo Unauthenticated", "Sum Unauthenticated"]);
  });

  test("with the token every kind passes through auth and logging", async () => {
    const log: string[] = [];
    const { client } = createMemoryPair(TestService, handlers, {
      server: { interceptors: [serverLogger(log), auth] },
      client: { interceptors: [addToken] },
    });
    expect((await client.echo({ n: 4 })).n).toBe(4);
    expect(await collect(client.count({ n: 1 }))).toHaveLength(1);
    expect((await client.sum([{ n: 2 }])).n).toBe(2);
    expect(await collect(client.chat([{ n: 5 }]))).toHaveLength(1);
    expect(log).toEqual([
      "Echo ok stream-response=false",
      "Count ok stream-response=true",
      "Sum ok stream-response=false",
      "Chat ok stream-response=true",
    ]);
  });

  test("server interceptors run inside the call scope and can set trailers via ctx", async () => {
    const stamp: ServerInterceptor = (next) => async (req) => {
      req.ctx.setTrailer("x-served-by", "unit");
      return next(req);
    };
    let trailer: string | undefined;
    const { client } = createMemoryPair(TestService, handlers, { server: { interceptors: [stamp] } });
    await client.echo({}, { onTrailer: (t) => (trailer = t.get("x-served-by")) });
    expect(trailer).toBe("unit");
  });

  test("a server interceptor that drops ctx is an Internal error, not a crash", async () => {
    const bad: ServerInterceptor = (next) => (req) => next({ ...req, ctx: { ...req.ctx } });
    const { client } = createMemoryPair(TestService, handlers, { server: { interceptors: [bad] } });
    const e = (await client.echo({}).catch((x: unknown) => x)) as RpcError;
    expect(e.code).toBe(Code.Internal);
    expect(e.message).toContain("req.ctx");
  });
});
