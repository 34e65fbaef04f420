import { expect, test } from "bun:test";
import { createClient } from "@strand/rpc";
import { TestService } from "@strand/rpc/testing";
import { createChannel } from "./channel.ts";
import { createServer } from "./server.ts";

test("connectionList and listenerList describe each open connection and listener when read", async () => {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await using server = createServer().add(TestService, {
    async echo(req) {
      await released;
      return req;
    },
  });
  expect(server.connectionList).toEqual([]);
  const { port } = await server.listen({ hostname: "127.0.0.1", port: 0 });
  const before = Date.now();
  const channel = createChannel(`127.0.0.1:${port!}`);
  try {
    const call = createClient(TestService, channel).echo({ text: "x" });
    while (server.handlers.running === 0) await Bun.sleep(5);
    expect(server.listenerList).toEqual([{ address: `127.0.0.1:${port!}`, secure: false, connections: 1, draining: false }]);
    const [info] = server.connectionList;
    expect(info).toMatchObject({ listener: `127.0.0.1:${port!}`, state: "open", streams: 1, unwrittenBytes: 0, readPaused: false, goAwayReason: undefined });
    expect(info!.peer).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(info!.openedAt!).toBeGreaterThanOrEqual(before - 1);
    expect(info!.openedAt!).toBeLessThanOrEqual(Date.now());
    expect(info!.streamWindow).toBeGreaterThan(0);
    release();
    await call;
    const closing = server.close({ gracePeriodMs: 1_000 });
    expect(server.listenerList.map((l) => l.draining)).toEqual([true]);
    await closing;
  } finally {
    channel.close();
  }
});
