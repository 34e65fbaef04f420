import { describe, expect, test } from "bun:test";
import { createClient, createServer } from "strand";
import { TestService } from "@strand/rpc/testing";
import { Deferred } from "../support/deferred.ts";
import { testChannel } from "../support/channel.ts";
import { listenLocal } from "../support/listen.ts";

/** Resolves when `signal` aborts. */
const abortedSignal = (signal: AbortSignal) => new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener("abort", () => resolve(), { once: true })));

describe("ctx.draining", () => {
  test("a watch that ends when the server starts closing lets close() finish long before the grace period, and the client sees a clean end", async () => {
    const watching = new Deferred();
    const state = { drainedBeforeClose: true };
    // A grace period far beyond the test's own timeout: close() can only finish in time because the stream ends.
    await using server = createServer({ gracePeriodMs: 600_000 }).add(TestService, {
      async *count(_req, ctx) {
        state.drainedBeforeClose = ctx.draining.aborted;
        yield { text: "tick", n: 1 };
        watching.resolve();
        await abortedSignal(ctx.draining);
        yield { text: "bye", n: 2 }; // a last word, then a clean OK end
      },
    });
    using channel = testChannel(await listenLocal(server));
    const received: string[] = [];
    const consuming = (async () => {
      for await (const m of createClient(TestService, channel).count({})) received.push(m.text);
    })();
    await watching.promise;
    await server.close();
    await consuming; // no error: the stream ended with OK
    expect(received).toEqual(["tick", "bye"]);
    expect(state.drainedBeforeClose).toBe(false);
    expect(server.connections).toBe(0);
  }, 20_000);

  test("an in-flight unary call sees it abort when close() begins, and still completes OK; earlier calls never saw it aborted", async () => {
    const seen: string[] = [];
    const entered = new Deferred();
    await using server = createServer().add(TestService, {
      async echo(req, ctx) {
        seen.push(`${req.text}: ${ctx.draining.aborted ? "draining" : "serving"}`);
        if (req.text === "hold") {
          entered.resolve();
          await abortedSignal(ctx.draining);
          seen.push(`${req.text}: ${ctx.draining.aborted ? "draining" : "serving"}`);
        }
        return req;
      },
    });
    using channel = testChannel(await listenLocal(server));
    const client = createClient(TestService, channel);
    await client.echo({ text: "first" });
    const held = client.echo({ text: "hold" });
    await entered.promise;
    const closing = server.close();
    expect((await held).text).toBe("hold");
    await closing;
    expect(seen).toEqual(["first: serving", "hold: serving", "hold: draining"]);
  });
});
