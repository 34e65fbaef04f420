import { describe, expect, test } from "bun:test";
import { Code, createClient, createServer, retryInterceptor, RpcError, type Interceptor, type ServerInterceptor } from "strand";
import { TestService } from "@strand/rpc/testing";
import { testChannel } from "../support/channel.ts";
import { listenLocal, portOf } from "../support/listen.ts";
import { rpcFailure, streamFailure } from "../support/rpc-failure.ts";

/** Server auth: rejects calls without the right bearer token before any handler runs. */
const auth: ServerInterceptor = (next) => async (req) => {
  if (req.header.get("authorization") !== "Bearer s3cret") throw new RpcError(Code.Unauthenticated, "missing or bad token");
  return next(req);
};

/** Client side of the same scheme: adds the token to every call. */
const withToken: Interceptor = (next) => async (req) => {
  req.header.set("authorization", "Bearer s3cret");
  return next(req);
};

describe("interceptors over TCP", () => {
  test("auth: without a token every kind fails Unauthenticated before the handler runs; with it, calls pass", async () => {
    const ran: string[] = [];
    const server = createServer({ interceptors: [auth] }).add(TestService, {
      echo: (req) => (ran.push("echo"), req),
      async *count(req) {
        ran.push("count");
        for (let i = 0; i < req.n; i++) yield { n: i };
      },
      async sum(reqs) {
        ran.push("sum");
        let n = 0;
        for await (const r of reqs) n += r.n;
        return { n };
      },
      async *chat(reqs) {
        ran.push("chat");
        yield* reqs;
      },
    });
    await using _ = server;
    using channel = testChannel(await listenLocal(server));
    const anonymous = createClient(TestService, channel);
    expect((await rpcFailure(anonymous.echo({}))).code).toBe(Code.Unauthenticated);
    expect((await streamFailure(anonymous.count({ n: 2 }))).code).toBe(Code.Unauthenticated);
    expect((await rpcFailure(anonymous.sum([{ n: 1 }]))).code).toBe(Code.Unauthenticated);
    expect((await streamFailure(anonymous.chat([{ n: 1 }]))).code).toBe(Code.Unauthenticated);
    expect(ran).toEqual([]);

    const authed = createClient(TestService, channel, { interceptors: [withToken] });
    expect(await authed.echo({ text: "hi" })).toEqual({ text: "hi", n: 0 });
    const counted: number[] = [];
    for await (const m of authed.count({ n: 2 })) counted.push(m.n);
    expect(counted).toEqual([0, 1]);
    expect((await authed.sum([{ n: 1 }, { n: 2 }])).n).toBe(3);
    const chatted: number[] = [];
    for await (const m of authed.chat([{ n: 5 }])) chatted.push(m.n);
    expect(chatted).toEqual([5]);
    expect(ran).toEqual(["echo", "count", "sum", "chat"]);
  });

  test("logging interceptors on both sides see each call's method and outcome", async () => {
    const serverLog: string[] = [];
    const clientLog: string[] = [];
    const serverLogging: ServerInterceptor = (next) => async (req) => {
      try {
        const res = await next(req);
        serverLog.push(`${req.method.name} ok`);
        return res;
      } catch (error) {
        serverLog.push(`${req.method.name} ${Code[RpcError.from(error).code]}`);
        throw error;
      }
    };
    const clientLogging: Interceptor = (next) => async (req) => {
      try {
        const res = await next(req);
        clientLog.push(`${req.method.name} ok`);
        return res;
      } catch (error) {
        clientLog.push(`${req.method.name} ${Code[RpcError.from(error).code]}`);
        throw error;
      }
    };
    const server = createServer({ interceptors: [serverLogging] }).add(TestService, {
      echo: (req) => req,
      post: () => {
        throw new RpcError(Code.NotFound, "none");
      },
    });
    await using _ = server;
    using channel = testChannel(await listenLocal(server));
    const client = createClient(TestService, channel, { interceptors: [clientLogging] });
    await client.echo({});
    await rpcFailure(client.post({}));
    expect(serverLog).toEqual(["Echo ok", "Post NotFound"]);
    expect(clientLog).toEqual(["Echo ok", "Post NotFound"]);
  });

  test("retryInterceptor retries an idempotent unary call on Unavailable, and never a non-idempotent one", async () => {
    const attempts = { echo: 0, post: 0 };
    const server = createServer().add(TestService, {
      echo(req) {
        if (++attempts.echo < 3) throw new RpcError(Code.Unavailable, "warming up");
        return req;
      },
      post() {
        attempts.post++;
        throw new RpcError(Code.Unavailable, "warming up");
      },
    });
    await using _ = server;
    using channel = testChannel(await listenLocal(server));
    const client = createClient(TestService, channel, { interceptors: [retryInterceptor({ maxAttempts: 3, initialBackoffMs: 5 })] });
    expect(await client.echo({ text: "eventually" })).toEqual({ text: "eventually", n: 0 });
    expect(attempts.echo).toBe(3);
    expect((await rpcFailure(client.post({}))).code).toBe(Code.Unavailable);
    expect(attempts.post).toBe(1);
  });

  test("retryInterceptor rides out a server that is down for the first attempt (a transport Unavailable)", async () => {
    const target = await freeTarget();
    using channel = testChannel(target, { backoff: { initialMs: 0, maxMs: 0, minConnectTimeoutMs: 1000 } });
    await using server = createServer().add(TestService, { echo: (r) => r });
    const failures: Code[] = [];
    let listening: Promise<unknown> | undefined;
    // Inside the retry loop: records each failed attempt and brings the server up after the first.
    const startServerOnFailure: Interceptor = (next) => async (req) => {
      try {
        return await next(req);
      } catch (error) {
        failures.push(RpcError.from(error).code);
        listening ??= server.listen({ hostname: "127.0.0.1", port: portOf(target) });
        await listening;
        throw error;
      }
    };
    const client = createClient(TestService, channel, { interceptors: [retryInterceptor({ maxAttempts: 5, initialBackoffMs: 20 }), startServerOnFailure] });
    expect(await client.echo({ text: "up" })).toEqual({ text: "up", n: 0 });
    expect(failures[0]).toBe(Code.Unavailable);
  });
});

/** A `host:port` nothing listens on (just freed). */
async function freeTarget(): Promise<string> {
  await using server = createServer();
  return listenLocal(server);
}
