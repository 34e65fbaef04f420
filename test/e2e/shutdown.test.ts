import { describe, expect, test } from "bun:test";
import { Code, createClient, createServer, type RpcError } from "strand";
import { TestService } from "@strand/rpc/testing";
import { Deferred } from "../support/deferred.ts";
import { testChannel } from "../support/channel.ts";
import { listenLocal } from "../support/listen.ts";
import { rpcFailure } from "../support/rpc-failure.ts";
import { aborted, until } from "../support/sleep.ts";

/** A server whose `echo` handler holds every call until `release()`, counting what it took. */
function holdingServer(options: Parameters<typeof createServer>[0] = {}) {
  const gate = new Deferred();
  const state = { entered: 0, finished: 0 };
  const server = createServer(options).add(TestService, {
    async echo(req) {
      state.entered++;
      await gate.promise;
      state.finished++;
      return req;
    },
  });
  return { server, state, release: () => gate.resolve() };
}

describe("graceful shutdown", () => {
  test("no lost calls: 1,000 calls in flight all finish OK after close(); calls started afterwards are refused", async () => {
    // The server admits all 1,000 at once (the default of 100 concurrent streams would leave 900
    // queued in the client, which is the two-address test below).
    const { server, state, release } = holdingServer({ wire: { maxConcurrentStreams: 1000 } });
    await using _ = server;
    using channel = testChannel(await listenLocal(server));
    const client = createClient(TestService, channel);
    const calls = Array.from({ length: 1000 }, (_, i) => client.echo({ n: i }));
    await until(() => state.entered === 1000, "all 1,000 calls reached the handler");
    const closing = server.close();
    const late = await rpcFailure(client.echo({ n: -1 }));
    expect(late.code).toBe(Code.Unavailable);
    expect(server.connections).toBe(1); // draining, not dropped
    release();
    const results = await Promise.all(calls);
    expect(results.map((r) => r.n)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    await closing;
    expect(state.finished).toBe(1000);
    expect(server.connections).toBe(0);
  }, 30_000);

  test("a second address: calls the closing server never processed are retried transparently on the other", async () => {
    const a = holdingServer();
    const b = createServer().add(TestService, { echo: (req) => ({ ...req, text: "b" }) });
    await using _a = a.server;
    await using _b = b;
    using channel = testChannel([await listenLocal(a.server), await listenLocal(b)]);
    const client = createClient(TestService, channel);
    // Round-robin sends half the calls to A, which runs 100 (its concurrency limit) and leaves
    // the rest queued in the client; closing A must not lose those.
    const calls = Array.from({ length: 1000 }, (_, i) => client.echo({ n: i }));
    await until(() => a.state.entered === 100, "A runs as many calls as it admits");
    const closing = a.server.close();
    a.release();
    const results = await Promise.all(calls);
    await closing;
    expect(results.length).toBe(1000);
    // A keeps serving until its GOAWAY is out (after its health watchers hear NOT_SERVING), so
    // queued calls may still reach it once release() frees its slots: A processes at least its
    // first 100, B the rest, and every call is answered exactly once.
    expect(a.state.entered).toBeGreaterThanOrEqual(100);
    expect(a.state.finished).toBe(a.state.entered);
    expect(results.filter((r) => r.text === "b").length).toBe(1000 - a.state.finished);
    expect(results.map((r) => r.n)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  }, 30_000);

  test("close() cancels handlers still running after gracePeriodMs: their signal fires, the client gets Unavailable", async () => {
    const signals: Promise<RpcError>[] = [];
    const entered = new Deferred();
    await using server = createServer({ gracePeriodMs: 50 }).add(TestService, {
      async echo(_req, ctx) {
        signals.push(aborted(ctx.signal));
        entered.resolve();
        throw await signals[0]!;
      },
    });
    using channel = testChannel(await listenLocal(server));
    const call = rpcFailure(createClient(TestService, channel).echo({}));
    await entered.promise;
    await server.close();
    expect((await signals[0]!).code).toBe(Code.Unavailable);
    expect((await call).code).toBe(Code.Unavailable);
    expect(server.connections).toBe(0);
  });

  test("close({ force: true }) during a graceful close cancels the draining calls at once", async () => {
    const { server, state } = holdingServer();
    using channel = testChannel(await listenLocal(server));
    const call = rpcFailure(createClient(TestService, channel).echo({}));
    await until(() => state.entered === 1, "the call reached the handler");
    const graceful = server.close();
    await server.close({ force: true });
    await graceful;
    expect((await call).code).toBe(Code.Unavailable);
    expect(state.finished).toBe(0);
    expect(server.connections).toBe(0);
  });

  test("close({ force: true }) cancels in-flight calls at once", async () => {
    const { server, state } = holdingServer();
    using channel = testChannel(await listenLocal(server));
    const call = rpcFailure(createClient(TestService, channel).echo({}));
    await until(() => state.entered === 1, "the call reached the handler");
    await server.close({ force: true });
    expect((await call).code).toBe(Code.Unavailable);
    expect(state.finished).toBe(0);
  });
});
