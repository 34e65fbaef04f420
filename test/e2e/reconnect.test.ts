import { describe, expect, test } from "bun:test";
import { Code, createClient, createServer } from "strand";
import { TestService } from "@strand/rpc/testing";
import { testChannel } from "../support/channel.ts";
import { listenLocal, portOf } from "../support/listen.ts";
import { rpcFailure } from "../support/rpc-failure.ts";
import { until } from "../support/sleep.ts";

const backoff = { initialMs: 50, maxMs: 200, minConnectTimeoutMs: 1000 };

/** A server whose echo answers with its name, so tests see which address served a call. */
function named(name: string) {
  return createServer().add(TestService, { echo: (req) => ({ ...req, text: name }) });
}

/** A port that was just free: listened on, then closed (nothing listens there now). */
async function freePort(): Promise<number> {
  await using server = createServer();
  return portOf(await listenLocal(server));
}

describe("connectivity", () => {
  test("a server restarted on the same port: the channel reconnects (with backoff) and calls succeed", async () => {
    const first = named("first");
    const target = await listenLocal(first);
    using channel = testChannel(target, { backoff });
    const client = createClient(TestService, channel);
    expect((await client.echo({})).text).toBe("first");
    await first.close();
    // While nothing listens, a wait-for-ready call rides out the failed attempts...
    const waiting = client.echo({}, { waitForReady: true });
    await until(() => channel.state === "transient_failure", "a reconnect attempt failed");
    await using second = named("second");
    await second.listen({ hostname: "127.0.0.1", port: portOf(target) });
    // ...and completes on the restarted server, as do later calls.
    expect((await waiting).text).toBe("second");
    expect((await client.echo({})).text).toBe("second");
  });

  test("waitForReady: true waits for a server that starts later; a fail-fast call to a dead address fails with Unavailable", async () => {
    const port = await freePort();
    using channel = testChannel(`127.0.0.1:${port}`, { backoff });
    const client = createClient(TestService, channel);
    const failFast = await rpcFailure(client.echo({}));
    expect(failFast.code).toBe(Code.Unavailable);
    expect(failFast.message).toContain(`127.0.0.1:${port}`);
    const waiting = client.echo({ n: 7 }, { waitForReady: true });
    await until(() => channel.state === "transient_failure", "the channel is failing to connect");
    expect((await rpcFailure(client.echo({}))).code).toBe(Code.Unavailable);
    await using server = named("late");
    await server.listen({ hostname: "127.0.0.1", port });
    expect(await waiting).toEqual({ text: "late", n: 7 });
  });

  test("a wait-for-ready call still honours its deadline while no server is up", async () => {
    using channel = testChannel(`127.0.0.1:${await freePort()}`, { backoff });
    const error = await rpcFailure(createClient(TestService, channel).echo({}, { waitForReady: true, timeoutMs: 100 }));
    expect(error.code).toBe(Code.DeadlineExceeded);
  });

  test("round-robin across two healthy addresses uses both", async () => {
    await using a = named("a");
    await using b = named("b");
    using channel = testChannel([await listenLocal(a), await listenLocal(b)]);
    const client = createClient(TestService, channel);
    await client.echo({}, { waitForReady: true });
    await until(() => a.connections === 1 && b.connections === 1, "both addresses connected");
    const served: string[] = [];
    for (let i = 0; i < 10; i++) served.push((await client.echo({})).text);
    expect(served.filter((s) => s === "a").length).toBe(5);
    expect(served.filter((s) => s === "b").length).toBe(5);
  });

  test("channel.close() fails calls waiting for a connection with Unavailable", async () => {
    using channel = testChannel(`127.0.0.1:${await freePort()}`, { backoff });
    const waiting = rpcFailure(createClient(TestService, channel).echo({}, { waitForReady: true }));
    channel.close();
    expect((await waiting).code).toBe(Code.Unavailable);
    expect(channel.state).toBe("shutdown");
  });
});
