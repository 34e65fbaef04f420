import { describe, expect, test } from "bun:test";
import { Code, createChannel, createClient, createServer, RpcError, type Client } from "strand";
import { TestService } from "@strand/rpc/testing";
import { Deferred } from "../support/deferred.ts";
import { listenLocal } from "../support/listen.ts";
import { rpcFailure } from "../support/rpc-failure.ts";
import { aborted, until } from "../support/sleep.ts";

/** What the backend handler saw: its deadline and, if it was cancelled, why. */
interface BackendView {
  deadline: number | undefined;
  cancelled: Promise<RpcError>;
  finished: boolean;
}

/**
 * A server whose `echo` (the frontend) calls `post` (the backend) on the same server through a
 * channel, with `detached` when the request text says so: the shape of deadline propagation
 * through a chain of services.
 */
async function chain() {
  const backends: BackendView[] = [];
  const backendEntered = new Deferred<BackendView>();
  const releaseBackend = new Deferred();
  const frontendSignals: Promise<RpcError>[] = [];
  let client!: Client<typeof TestService>;
  const server = createServer().add(TestService, {
    async echo(req, ctx) {
      frontendSignals.push(aborted(ctx.signal));
      const reply = await client.post(req, req.text === "detached" ? { detached: true } : {});
      return { text: `frontend got ${reply.text}` };
    },
    async post(_req, ctx) {
      const view: BackendView = { deadline: ctx.deadline, cancelled: aborted(ctx.signal), finished: false };
      backends.push(view);
      backendEntered.resolve(view);
      await Promise.race([releaseBackend.promise, view.cancelled]);
      if (ctx.signal.aborted) throw ctx.signal.reason;
      view.finished = true;
      return { text: "backend done" };
    },
    async *count(req, ctx) {
      yield { n: ctx.deadline === undefined ? -1 : 1 };
      if (req.n > 0) await aborted(ctx.signal);
    },
  });
  const target = await listenLocal(server);
  const channel = createChannel(target);
  client = createClient(TestService, channel);
  return {
    client,
    backendEntered: backendEntered.promise,
    releaseBackend: () => releaseBackend.resolve(),
    frontendSignals,
    async [Symbol.asyncDispose]() {
      channel.close();
      await server.close({ force: true });
    },
  };
}

describe("deadlines", () => {
  test("timeoutMs: the client fails with DeadlineExceeded, the server sees ctx.deadline and its signal fires", async () => {
    await using env = await chain();
    const start = Date.now();
    const call = rpcFailure(env.client.post({ text: "x" }, { timeoutMs: 200 }));
    const backend = await env.backendEntered;
    expect(backend.deadline).toBeGreaterThan(start);
    expect(backend.deadline).toBeLessThanOrEqual(start + 200 + 1000);
    expect((await call).code).toBe(Code.DeadlineExceeded);
    expect((await backend.cancelled).code).toBe(Code.DeadlineExceeded);
  });

  test("without a timeout the server sees no deadline", async () => {
    await using env = await chain();
    const seen: number[] = [];
    for await (const m of env.client.count({ n: 0 })) seen.push(m.n);
    expect(seen).toEqual([-1]);
  });

  test("a deadline already in the past fails at once without reaching the server", async () => {
    await using env = await chain();
    const error = await rpcFailure(env.client.post({ text: "x" }, { deadline: new Date(Date.now() - 1) }));
    expect(error.code).toBe(Code.DeadlineExceeded);
    const seen: number[] = [];
    for await (const m of env.client.count({ n: 0 })) seen.push(m.n);
    expect(seen).toEqual([-1]);
  });

  test("a server stream still open at its deadline fails with DeadlineExceeded after its first message", async () => {
    await using env = await chain();
    // A server-stream handler that waits for its signal: the server's deadline expiry ends it.
    const error = await rpcFailure(
      (async () => {
        for await (const m of env.client.count({ n: 1 }, { timeoutMs: 150 })) expect(m.n).toBe(1);
      })(),
    );
    expect(error.code).toBe(Code.DeadlineExceeded);
  });

  test("propagation: a call made inside a handler inherits the deadline", async () => {
    await using env = await chain();
    const start = Date.now();
    const call = rpcFailure(env.client.echo({ text: "inherit" }, { timeoutMs: 300 }));
    const backend = await env.backendEntered;
    expect(backend.deadline).toBeDefined();
    expect(backend.deadline).toBeLessThanOrEqual(start + 300 + 1000);
    expect((await backend.cancelled).code).toBe(Code.DeadlineExceeded);
    expect((await call).code).toBe(Code.DeadlineExceeded);
  });

  test("propagation: cancelling the outer call cancels the inner one", async () => {
    await using env = await chain();
    const controller = new AbortController();
    const call = rpcFailure(env.client.echo({ text: "inherit" }, { signal: controller.signal }));
    const backend = await env.backendEntered;
    expect(backend.deadline).toBeUndefined();
    controller.abort();
    expect((await call).code).toBe(Code.Canceled);
    expect((await backend.cancelled).code).toBe(Code.Canceled);
  });

  test("detached: true opts out: the inner call has no deadline and outlives the cancelled outer call", async () => {
    await using env = await chain();
    const controller = new AbortController();
    const call = rpcFailure(env.client.echo({ text: "detached" }, { signal: controller.signal, timeoutMs: 30_000 }));
    const backend = await env.backendEntered;
    expect(backend.deadline).toBeUndefined();
    controller.abort();
    expect((await call).code).toBe(Code.Canceled);
    expect((await env.frontendSignals[0]!).code).toBe(Code.Canceled);
    // Had the cancellation propagated, its reset would precede this round trip on the connection.
    let backendCancelled = false;
    void backend.cancelled.then(() => (backendCancelled = true));
    for await (const _ of env.client.count({ n: 0 }));
    expect(backendCancelled).toBe(false);
    env.releaseBackend();
    await until(() => backend.finished, "the detached backend call finished");
    expect(backendCancelled).toBe(false);
  });
});
