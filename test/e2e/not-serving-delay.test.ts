/**
 * Issue: `server.close({ notServingDelayMs, gracePeriodMs })` — health NOT_SERVING at once, calls
 * and new connections served as usual during the delay, then the graceful close; a second
 * `close()` returns the same promise; `force` cuts the delay short; a per-close grace period;
 * bad values rejected before anything changes.
 */
import { describe, expect, test } from "bun:test";
import { Code, createClient, createServer } from "strand";
import { Health, ServingStatus } from "strand/health";
import { TestService } from "@strand/rpc/testing";
import { Deferred } from "../support/deferred.ts";
import { testChannel } from "../support/channel.ts";
import { listenLocal } from "../support/listen.ts";
import { rpcFailure } from "../support/rpc-failure.ts";
import { aborted } from "../support/sleep.ts";

describe("close({ notServingDelayMs })", () => {
  test("NOT_SERVING at once; during the delay calls succeed on open and new connections; then the close; a second close() is the same promise", async () => {
    await using server = createServer().add(TestService, { echo: (m) => m });
    const target = await listenLocal(server);
    using channel = testChannel(target);
    const client = createClient(TestService, channel);
    await client.echo({ text: "warm" });
    const events: string[] = [];
    const closing = server.close({ notServingDelayMs: 1000 });
    expect(server.close()).toBe(closing);
    expect(server.close({ notServingDelayMs: 5 })).toBe(closing); // the close under way, not a new one
    void closing.then(() => events.push("closed"));
    expect(server.health.get("")).toBe(ServingStatus.NOT_SERVING);
    expect((await createClient(Health, channel).check({ service: "" })).status).toBe(ServingStatus.NOT_SERVING);
    expect((await client.echo({ text: "during" })).text).toBe("during");
    {
      using fresh = testChannel(target);
      expect((await createClient(TestService, fresh).echo({ text: "new connection" })).text).toBe("new connection");
    }
    events.push("served during the delay");
    await closing;
    expect(events).toEqual(["served during the delay", "closed"]);
    expect(server.connections).toBe(0);
    expect((await rpcFailure(client.echo({ text: "after" }))).code).toBe(Code.Unavailable);
  }, 20_000);

  test("force cuts the delay short; the graceful close's promise settles too", async () => {
    await using server = createServer();
    await listenLocal(server);
    const graceful = server.close({ notServingDelayMs: 600_000 });
    await server.close({ force: true });
    await graceful;
    expect(server.connections).toBe(0);
  });

  test("close({ gracePeriodMs }) overrides the server's grace period for this close", async () => {
    const entered = new Deferred();
    const signals: Promise<unknown>[] = [];
    await using server = createServer({ gracePeriodMs: 600_000 }).add(TestService, {
      async echo(_req, ctx) {
        signals.push(aborted(ctx.signal));
        entered.resolve();
        throw await signals[0];
      },
    });
    using channel = testChannel(await listenLocal(server));
    const call = rpcFailure(createClient(TestService, channel).echo({}));
    await entered.promise;
    await server.close({ gracePeriodMs: 50 });
    expect((await call).code).toBe(Code.Unavailable);
  });

  test("bad values reject before anything changes: health stays SERVING", async () => {
    await using server = createServer();
    await listenLocal(server);
    await expect(server.close({ notServingDelayMs: -1 })).rejects.toThrow("close: notServingDelayMs must be a number of milliseconds");
    await expect(server.close({ notServingDelayMs: Infinity })).rejects.toThrow(/notServingDelayMs/);
    await expect(server.close({ gracePeriodMs: -5 })).rejects.toThrow("close: gracePeriodMs must be a number of milliseconds");
    expect(server.health.get("")).toBe(ServingStatus.SERVING);
  });
});
