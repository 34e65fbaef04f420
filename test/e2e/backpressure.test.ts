import { describe, expect, test } from "bun:test";
import { createClient, createServer } from "strand";
import { Deferred } from "../support/deferred.ts";
import { InteropService } from "../support/interop-service.ts";
import { testChannel } from "../support/channel.ts";
import { listenLocal } from "../support/listen.ts";
import { CountingSource } from "../support/pushable.ts";
import type { InteropRequest } from "../support/interop-messages.ts";

const KiB = 1024;
const MESSAGE = 64 * KiB;
/** Flow-control windows pinned (no bandwidth-delay growth), so the bound below is exact. */
const wire = { initialStreamWindow: 256 * KiB, initialConnectionWindow: 1024 * KiB, maxWindow: 256 * KiB };
/**
 * How far a producer may run ahead of a consumer that stopped: one stream window of messages in
 * flight, plus the few each side holds in hand (reader's one-ahead request, writer's current
 * message, the message being framed). An unbounded producer would be thousands ahead.
 */
const BOUND = wire.initialStreamWindow / MESSAGE + 6;

/** Round trips on the same connection: anything a producer could still push has arrived after them. */
async function settle(client: ReturnType<typeof createClient<typeof InteropService>>): Promise<void> {
  for (let i = 0; i < 5; i++) await client.emptyCall({});
}

describe("backpressure end to end", () => {
  test("server → client: a reader that stops bounds how far the server's generator is pulled", async () => {
    const producer = new CountingSource(() => ({ payload: new Uint8Array(MESSAGE) }));
    const finished = new Deferred();
    await using server = createServer({ wire }).add(InteropService, {
      emptyCall: () => ({}),
      async *streamingOutputCall() {
        try {
          yield* producer;
        } finally {
          finished.resolve();
        }
      },
    });
    using channel = testChannel(await listenLocal(server), { wire });
    const client = createClient(InteropService, channel);
    const it = client.streamingOutputCall({})[Symbol.asyncIterator]();
    expect((await it.next()).done).toBe(false);
    await settle(client);
    const pulledWhileStopped = producer.pulled;
    expect(pulledWhileStopped).toBeGreaterThan(1);
    expect(pulledWhileStopped).toBeLessThanOrEqual(BOUND);
    // Reading on resumes the producer: the bound came from flow control, not from a stall.
    for (let i = 0; i < 20; i++) expect((await it.next()).done).toBe(false);
    expect(producer.pulled).toBeGreaterThan(pulledWhileStopped);
    await it.return?.();
    await finished.promise;
  });

  test("client → server: a handler that stops reading bounds how far the client's request iterable is pulled", async () => {
    const requests = new CountingSource<Partial<InteropRequest>>(() => ({ payload: new Uint8Array(MESSAGE) }));
    const firstRead = new Deferred();
    const resume = new Deferred();
    await using server = createServer({ wire }).add(InteropService, {
      emptyCall: () => ({}),
      async streamingInputCall(reqs) {
        let total = 0;
        let n = 0;
        for await (const r of reqs) {
          total += r.payload.length;
          if (++n === 1) {
            firstRead.resolve();
            await resume.promise;
          }
          if (n === 100) break;
        }
        return { aggregatedPayloadSize: total };
      },
    });
    using channel = testChannel(await listenLocal(server), { wire });
    const client = createClient(InteropService, channel);
    const call = client.streamingInputCall(requests);
    await firstRead.promise;
    await settle(client);
    const pulledWhileStopped = requests.pulled;
    expect(pulledWhileStopped).toBeGreaterThan(1);
    expect(pulledWhileStopped).toBeLessThanOrEqual(BOUND);
    resume.resolve();
    expect((await call).aggregatedPayloadSize).toBe(100 * MESSAGE);
    expect(requests.pulled).toBeGreaterThanOrEqual(100);
  });
});
