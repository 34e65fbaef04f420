/**
 * Issue: a shutdown helper for SIGTERM — `closeOnSignal(server, { notServingDelayMs })` in a real
 * server process (fixtures/signal-server.ts) sent real signals: health NOT_SERVING first, calls
 * (and new connections) still served during the delay, then GOAWAY with every call in flight
 * finishing OK and the process exiting 0; a second SIGTERM forces the close (exit code 1).
 */
import { afterEach, describe, expect, test } from "bun:test";
import { join } from "node:path";
import type { Subprocess } from "bun";
import { Code, createClient, RpcError } from "strand";
import { Health, ServingStatus } from "strand/health";
import { TestService } from "@strand/rpc/testing";
import { testChannel } from "../support/channel.ts";
import { rpcFailure } from "../support/rpc-failure.ts";
import { until } from "../support/sleep.ts";

const fixture = join(import.meta.dir, "fixtures", "signal-server.ts");
const children: Subprocess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

/** Starts the fixture server; resolves once it listens, with its target and its output so far. */
async function startServer(env: Record<string, string>) {
  const child = Bun.spawn([process.execPath, fixture], { env: { ...process.env, ...env }, stdout: "pipe", stderr: "inherit" });
  children.push(child);
  const output = { text: "" };
  const reading = (async () => {
    const decoder = new TextDecoder();
    for await (const chunk of child.stdout) output.text += decoder.decode(chunk, { stream: true });
  })();
  await until(() => /listening \d+\n/.test(output.text), "the server process listens", 20_000);
  const port = /listening (\d+)\n/.exec(output.text)![1]!;
  const exited = async () => {
    const code = await child.exited;
    await reading;
    return code;
  };
  return { target: `127.0.0.1:${port}`, output, exited, signal: (name: NodeJS.Signals) => child.kill(name) };
}

/** Waits until the server process holds `n` calls (its `post` counts them). */
async function untilHeld(client: { post(req: { text: string; n: number }): Promise<{ n: number }> }, n: number): Promise<void> {
  const stop = Date.now() + 20_000; // safety net only
  while ((await client.post({ text: "", n: 0 })).n !== n) {
    if (Date.now() > stop) throw new Error(`timed out waiting for the server to hold ${n} calls`);
    await Bun.sleep(10);
  }
}

/** Reads a health watch into `seen`, pushing `NOT_SERVING` onto `events` when it arrives. */
function watchHealth(stream: AsyncIterable<{ status: ServingStatus }>, events: string[]) {
  const seen: ServingStatus[] = [];
  const done = (async () => {
    for await (const m of stream) {
      seen.push(m.status);
      if (m.status === ServingStatus.NOT_SERVING) events.push("NOT_SERVING");
    }
  })();
  return { seen, done };
}

describe("closeOnSignal", () => {
  test("SIGTERM: NOT_SERVING first, service goes on during notServingDelayMs, then 50 calls in flight all finish OK and the process exits 0", async () => {
    const server = await startServer({ NOT_SERVING_DELAY_MS: "1500" });
    using channel = testChannel(server.target);
    const client = createClient(TestService, channel);
    const events: string[] = [];
    const watch = watchHealth(createClient(Health, channel).watch({ service: "" }), events);
    await until(() => watch.seen.length === 1, "the watch reports SERVING");
    const calls = Array.from({ length: 50 }, async (_, i) => {
      if (i % 2 === 0) {
        const reply = await client.echo({ text: "hold", n: i });
        events.push("done");
        return reply.n === i;
      }
      let last = "";
      for await (const m of client.count({})) last = m.text;
      events.push("done");
      return last === "bye";
    });
    await untilHeld(client, 50);

    server.signal("SIGTERM");
    await until(() => events.includes("NOT_SERVING"), "the watch reports NOT_SERVING");
    // The delay: health says NOT_SERVING, yet calls are served, on open and on new connections.
    expect((await createClient(Health, channel).check({ service: "" })).status).toBe(ServingStatus.NOT_SERVING);
    expect((await client.echo({ text: "quick", n: 1 })).n).toBe(1);
    {
      using fresh = testChannel(server.target);
      expect((await createClient(TestService, fresh).echo({ text: "quick", n: 2 })).n).toBe(2);
    }

    expect(await Promise.all(calls)).toEqual(Array.from({ length: 50 }, () => true));
    await watch.done; // ended cleanly when the server drained
    expect(watch.seen).toEqual([ServingStatus.SERVING, ServingStatus.NOT_SERVING]);
    expect(events[0]).toBe("NOT_SERVING");
    expect(events.filter((e) => e === "done").length).toBe(50);
    expect(await server.exited()).toBe(0);
    expect(server.output.text).toContain("closed forced=false\n");
  }, 60_000);

  test("a second SIGTERM while closing forces the close: calls still running are cancelled, the process exits 1 without waiting for the grace period", async () => {
    const server = await startServer({ GRACE_MS: "600000" });
    using channel = testChannel(server.target);
    const client = createClient(TestService, channel);
    const events: string[] = [];
    const watch = watchHealth(createClient(Health, channel).watch({ service: "" }), events);
    const calls = Array.from({ length: 5 }, () => rpcFailure(client.echo({ text: "forever" })));
    await untilHeld(client, 5);

    server.signal("SIGTERM");
    await until(() => events.includes("NOT_SERVING"), "the watch reports NOT_SERVING");
    await watch.done;
    // The graceful close now waits for calls that never end, for up to 10 minutes.
    server.signal("SIGTERM");
    for (const failure of await Promise.all(calls)) {
      expect(failure).toBeInstanceOf(RpcError);
      expect(failure.code).toBe(Code.Unavailable);
    }
    expect(await server.exited()).toBe(1);
    expect(server.output.text).toContain("closed forced=true\n");
  }, 60_000);
});
