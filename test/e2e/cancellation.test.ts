import { describe, expect, test } from "bun:test";
import { Code, createChannel, createClient, createServer, RpcError } from "strand";
import { TestService } from "@strand/rpc/testing";
import { Deferred } from "../support/deferred.ts";
import { listenLocal } from "../support/listen.ts";
import { Pushable } from "../support/pushable.ts";
import { rpcFailure } from "../support/rpc-failure.ts";
import { aborted } from "../support/sleep.ts";
import type { TestMessage } from "@strand/rpc/testing";

/** A server whose handlers report their signal and how far their generators ran. */
async function cancellable() {
  // Wrapped in an object: resolving with a bare promise would adopt it.
  const entered = new Deferred<{ cancelled: Promise<RpcError> }>();
  const generator = { yielded: 0, finalized: new Deferred() };
  const server = createServer().add(TestService, {
    async echo(_req, ctx) {
      const cancelled = aborted(ctx.signal);
      entered.resolve({ cancelled });
      throw await cancelled;
    },
    async *count(_req, ctx) {
      entered.resolve({ cancelled: aborted(ctx.signal) });
      try {
        for (let i = 0; ; i++) {
          yield { n: i };
          generator.yielded++;
        }
      } finally {
        generator.finalized.resolve();
      }
    },
    async *chat(reqs, ctx) {
      entered.resolve({ cancelled: aborted(ctx.signal) });
      for await (const r of reqs) yield r;
    },
  });
  const target = await listenLocal(server);
  const channel = createChannel(target);
  return {
    client: createClient(TestService, channel),
    entered: entered.promise,
    generator,
    async [Symbol.asyncDispose]() {
      channel.close();
      await server.close({ force: true });
    },
  };
}

describe("cancellation", () => {
  test("aborting a unary call's signal: the client gets Canceled and the handler's ctx.signal fires", async () => {
    await using env = await cancellable();
    const controller = new AbortController();
    const call = rpcFailure(env.client.echo({ text: "x" }, { signal: controller.signal }));
    const { cancelled } = await env.entered;
    controller.abort();
    expect((await call).code).toBe(Code.Canceled);
    expect((await cancelled).code).toBe(Code.Canceled);
  });

  test("an already aborted signal fails the call at once with Canceled", async () => {
    await using env = await cancellable();
    const error = await rpcFailure(env.client.echo({ text: "x" }, { signal: AbortSignal.abort() }));
    expect(error.code).toBe(Code.Canceled);
  });

  test("leaving a for-await over a server stream early cancels it: the handler's signal fires and its generator is finalized", async () => {
    await using env = await cancellable();
    const received: number[] = [];
    for await (const m of env.client.count({ n: 0 })) {
      received.push(m.n);
      if (received.length === 3) break;
    }
    expect(received).toEqual([0, 1, 2]);
    expect((await (await env.entered).cancelled).code).toBe(Code.Canceled);
    await env.generator.finalized.promise;
  });

  test("aborting a bidi call mid-stream: Canceled on both sides", async () => {
    await using env = await cancellable();
    const controller = new AbortController();
    const requests = new Pushable<Partial<TestMessage>>();
    requests.push({ text: "one" });
    const it = env.client.chat(requests, { signal: controller.signal })[Symbol.asyncIterator]();
    expect((await it.next()).value).toEqual({ text: "one", n: 0 });
    controller.abort();
    expect((await rpcFailure(it.next())).code).toBe(Code.Canceled);
    expect((await (await env.entered).cancelled).code).toBe(Code.Canceled);
  });
});
