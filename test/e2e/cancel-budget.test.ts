import { expect, test } from "bun:test";
import { Code, createChannel, createClient, createServer, RpcError } from "strand";
import { TestService } from "@strand/rpc/testing";
import { listenLocal } from "../support/listen.ts";
import { sleep } from "../support/sleep.ts";

/**
 * Issue 14, item 5: cancelling calls whose handlers run is ordinary (search-as-you-type, hedged
 * requests, a gateway's users), not a reset flood. The server's reset budget is made tiny here, so
 * that counting these cancels would end the connection within the first fraction of a second.
 */
test("a client cancelling half its calls while their handlers run keeps its connection: no call fails but those it cancelled", async () => {
  let running = 0;
  let maxRunning = 0;
  const server = createServer({ wire: { resetBurst: 20, resetsPerSecond: 1 } }).add(TestService, {
    async echo(req, ctx) {
      maxRunning = Math.max(maxRunning, ++running);
      try {
        await sleep(25, ctx.signal);
        return req;
      } finally {
        running--;
      }
    },
  });
  const channel = createChannel(await listenLocal(server));
  const client = createClient(TestService, channel);
  const outcomes = { ok: 0, cancelled: 0, other: [] as string[] };
  const calls: Promise<void>[] = [];
  // 400 calls/s for 2 s on one connection; every other one cancelled 15 ms in.
  for (let i = 0; i < 800; i++) {
    const controller = new AbortController();
    const cancel = i % 2 === 1;
    if (cancel) setTimeout(() => controller.abort(), 15);
    calls.push(
      client.echo({ text: String(i) }, { signal: controller.signal }).then(
        () => void outcomes.ok++,
        (error: unknown) => {
          if (cancel && error instanceof RpcError && error.code === Code.Canceled) outcomes.cancelled++;
          else outcomes.other.push(error instanceof RpcError ? `${Code[error.code]}: ${error.message}` : String(error));
        },
      ),
    );
    if (i % 10 === 9) await Bun.sleep(25);
  }
  await Promise.all(calls);
  expect(outcomes.other).toEqual([]);
  expect(outcomes.ok + outcomes.cancelled).toBe(800);
  expect(outcomes.cancelled).toBeGreaterThan(0); // the cancels did reach running handlers
  expect(maxRunning).toBeLessThanOrEqual(100);
  channel.close();
  await server.close({ force: true });
});
