/**
 * Issue: server lifecycle for orchestrators — `maxConnectionAgeMs` rotates connections with GOAWAY
 * while clients call without a single failure (all four call kinds, over TCP and WebSocket), a call in flight at the GOAWAY finishes (its `ctx.draining` aborts),
 * `maxConnectionAgeGraceMs` cancels what outlives it, and `maxConnectionIdleMs` closes an idle
 * connection, the channel dialling again for the next call. Connections are told apart by
 * `ctx.peer` (each has its own client port). No timing is asserted: the tests wait for events,
 * with generous safety limits.
 *
 * Client and bidi streams send their messages one by one, so the RPC layer could not retry one
 * the server refused as never processed: they pass because the server's GOAWAY gives notice
 * first (PROTOCOL.md §10) and serves the streams already on their way.
 */
import { describe, expect, test } from "bun:test";
import { Code, createClient, createServer, createWebChannel, type Channel, type RpcError } from "strand";
import { Health, ServingStatus } from "strand/health";
import { TestService } from "@strand/rpc/testing";
import { Deferred } from "../support/deferred.ts";
import { testChannel } from "../support/channel.ts";
import { listenLocal } from "../support/listen.ts";
import { rpcFailure } from "../support/rpc-failure.ts";
import { aborted, until } from "../support/sleep.ts";

/** A server whose handlers record the connection (`ctx.peer`) of every call. */
function peerServer(options: Parameters<typeof createServer>[0]) {
  const peers = new Set<string>();
  const server = createServer(options).add(TestService, {
    async echo(req, ctx) {
      peers.add(ctx.peer);
      return req;
    },
    async *count(req, ctx) {
      peers.add(ctx.peer);
      for (let i = 0; i < req.n; i++) {
        yield { text: "", n: i };
        await Bun.sleep(5);
      }
    },
    async sum(requests, ctx) {
      peers.add(ctx.peer);
      let n = 0;
      for await (const r of requests) n += r.n;
      return { text: "", n };
    },
    async *chat(requests, ctx) {
      peers.add(ctx.peer);
      for await (const r of requests) yield r;
    },
  });
  return { server, peers };
}

/** Three request messages, a few milliseconds apart: they go out one by one. */
async function* slowly(): AsyncGenerator<{ text: string; n: number }> {
  for (let n = 1; n <= 3; n++) {
    yield { text: "", n };
    await Bun.sleep(3);
  }
}

/**
 * Calls the server from `workers` concurrent loops — all four call kinds in turn — until
 * the server has seen `connections` different connections; returns how many calls succeeded and
 * the failures (there must be none).
 */
async function callThroughRotations(channel: Channel, peers: Set<string>, connections: number, workers = 8) {
  const client = createClient(TestService, channel);
  const failures: unknown[] = [];
  let ok = 0;
  const stop = Date.now() + 20_000; // safety net only
  const worker = async (w: number) => {
    for (let i = 0; peers.size < connections && Date.now() < stop; i++) {
      const kind = ["echo", "count", "sum", "chat"][i % 4]!;
      try {
        if (kind === "count") {
          let n = 0;
          for await (const m of client.count({ n: 5 })) n += m.n === n ? 1 : 100;
          if (n !== 5) throw new Error(`stream out of order: ${n}`);
        } else if (kind === "sum") {
          if ((await client.sum(slowly())).n !== 6) throw new Error("wrong sum");
        } else if (kind === "chat") {
          const seen: number[] = [];
          for await (const m of client.chat(slowly())) seen.push(m.n);
          if (seen.join() !== "1,2,3") throw new Error(`wrong chat: ${seen.join()}`);
        } else {
          const reply = await client.echo({ text: `w${w}`, n: i });
          if (reply.n !== i) throw new Error("wrong reply");
        }
        ok++;
      } catch (error) {
        failures.push(`${kind}: ${String(error)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: workers }, (_, w) => worker(w)));
  return { ok, failures };
}

describe("maxConnectionAgeMs", () => {
  test("connections are rotated with GOAWAY while a client calls continuously: not one call fails", async () => {
    const { server, peers } = peerServer({ maxConnectionAgeMs: 200 });
    await using _ = server;
    using channel = testChannel(await listenLocal(server));
    const { ok, failures } = await callThroughRotations(channel, peers, 4);
    expect(failures).toEqual([]);
    expect(peers.size).toBeGreaterThanOrEqual(4);
    expect(ok).toBeGreaterThan(0);
    // The rotated connections closed once drained: at most the current one and one still draining.
    await until(() => server.connections <= 2, "rotated connections closed");
  }, 30_000);

  test("over WebSocket too: the web channel follows the rotations without a failed call", async () => {
    const { server, peers } = peerServer({ maxConnectionAgeMs: 200 });
    await using _ = server;
    const { url } = await server.listen({ websocket: { port: 0, path: "/strand" } });
    const channel = createWebChannel(url!);
    try {
      const { failures } = await callThroughRotations(channel, peers, 3, 4);
      expect(failures).toEqual([]);
      expect(peers.size).toBeGreaterThanOrEqual(3);
    } finally {
      channel.close();
    }
  }, 30_000);

  test("a call in flight at the GOAWAY finishes OK and sees ctx.draining abort; the next call goes to a new connection", async () => {
    const entered = new Deferred();
    const release = new Deferred();
    const seen: string[] = [];
    await using server = createServer({ maxConnectionAgeMs: 200 }).add(TestService, {
      async echo(req, ctx) {
        seen.push(`${req.text} on ${ctx.peer}`);
        if (req.text !== "hold") return req;
        entered.resolve();
        await aborted(ctx.draining); // the age GOAWAY went out
        seen.push("draining");
        await release.promise;
        return { ...req, n: 42 };
      },
    });
    // The client's own record that the GOAWAY arrived: the server's "draining" alone can come a
    // moment before the client has read the frame, and a call made in between rightly goes out on
    // the old connection (the GOAWAY is only a notice until its final one).
    const events: string[] = [];
    const noop = (): void => {};
    const logger = { error: noop, warn: noop, debug: noop, info: (_: string, fields?: { event?: string }) => void events.push(fields?.event ?? "") };
    using channel = testChannel(await listenLocal(server), { logger });
    const client = createClient(TestService, channel);
    const held = client.echo({ text: "hold" });
    await entered.promise;
    await until(() => seen.includes("draining") && events.includes("goaway.received"), "the connection reached its age", 10_000);
    const after = await client.echo({ text: "after" });
    expect(after.text).toBe("after");
    release.resolve();
    expect((await held).n).toBe(42);
    const [first, , second] = seen;
    expect(first!.replace(/ on .*/, "")).toBe("hold");
    expect(second!.replace(/ on .*/, "")).toBe("after");
    expect(second!.replace(/^after on /, "")).not.toBe(first!.replace(/^hold on /, ""));
  }, 30_000);

  test("a health Watch on an aged connection ends cleanly (OK), so it does not hold the connection open", async () => {
    await using server = createServer({ maxConnectionAgeMs: 200 });
    using channel = testChannel(await listenLocal(server));
    const statuses: ServingStatus[] = [];
    for await (const m of createClient(Health, channel).watch({ service: "" })) statuses.push(m.status);
    expect(statuses).toEqual([ServingStatus.SERVING]);
    await until(() => server.connections === 0, "the aged connection closed");
  }, 30_000);

  test("maxConnectionAgeGraceMs: a call still running when the grace is over is cancelled, its handler's signal aborts", async () => {
    const signals: Promise<RpcError>[] = [];
    const entered = new Deferred();
    await using server = createServer({ maxConnectionAgeMs: 200, maxConnectionAgeGraceMs: 100 }).add(TestService, {
      async echo(_req, ctx) {
        signals.push(aborted(ctx.signal));
        entered.resolve();
        throw await signals[0]!; // ignores ctx.draining: ends only when cancelled
      },
    });
    using channel = testChannel(await listenLocal(server));
    const call = rpcFailure(createClient(TestService, channel).echo({}));
    await entered.promise;
    expect((await call).code).toBe(Code.Unavailable);
    expect((await signals[0]!).code).toBe(Code.Unavailable);
    await until(() => server.connections === 0, "the expired connection closed");
  }, 30_000);
});

describe("maxConnectionIdleMs", () => {
  test("an idle connection is closed with GOAWAY; the channel dials again for the next call, which succeeds", async () => {
    const { server, peers } = peerServer({ maxConnectionIdleMs: 150 });
    await using _ = server;
    using channel = testChannel(await listenLocal(server));
    const client = createClient(TestService, channel);
    expect((await client.echo({ text: "a" })).text).toBe("a");
    expect(server.connections).toBe(1);
    await until(() => server.connections === 0, "the idle connection closed", 10_000);
    expect((await client.echo({ text: "b" })).text).toBe("b");
    expect(peers.size).toBe(2);
  }, 30_000);

  test("a connection with a call open is not idle, however long the call takes", async () => {
    const release = new Deferred();
    const entered = new Deferred();
    await using server = createServer({ maxConnectionIdleMs: 100 }).add(TestService, {
      async echo(req) {
        entered.resolve();
        await release.promise;
        return req;
      },
    });
    using channel = testChannel(await listenLocal(server));
    const call = createClient(TestService, channel).echo({ text: "long" });
    await entered.promise;
    await Bun.sleep(600); // several idle limits
    expect(server.connections).toBe(1);
    release.resolve();
    expect((await call).text).toBe("long");
    await until(() => server.connections === 0, "idle after the call");
  }, 30_000);
});

test("createServer checks the lifecycle options at construction, naming the option", () => {
  expect(() => createServer({ maxConnectionAgeMs: -1 })).toThrow(/maxConnectionAgeMs/);
  expect(() => createServer({ maxConnectionAgeGraceMs: Number.NaN })).toThrow(/maxConnectionAgeGraceMs/);
  expect(() => createServer({ maxConnectionIdleMs: 0 })).toThrow(/maxConnectionIdleMs must be a positive/);
});
