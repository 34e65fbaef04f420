import { describe, expect, test } from "bun:test";
import { Code, createClient, createServer, RpcError, type ServerInterceptor } from "strand";
import { Deferred } from "../support/deferred.ts";
import { InteropService } from "../support/interop-service.ts";
import { testChannel } from "../support/channel.ts";
import { listenLocal } from "../support/listen.ts";

const KiB = 1024;
const MESSAGE = 64 * KiB;
/** Windows pinned (no bandwidth-delay growth), so the bound below is exact (as in backpressure.test.ts). */
const wire = { initialStreamWindow: 256 * KiB, initialConnectionWindow: 1024 * KiB, maxWindow: 256 * KiB };
/** One stream window of messages in flight, plus the few in hand on each side. */
const BOUND = wire.initialStreamWindow / MESSAGE + 6;

/** An interceptor that wraps streaming responses, as tracing and metrics do. */
const passThrough: ServerInterceptor = (next) => async (req) => {
  const res = await next(req);
  if (!res.stream) return res;
  const inner = res.messages;
  return { stream: true, messages: (async function* () { yield* inner; })() };
};

async function settle(client: ReturnType<typeof createClient<typeof InteropService>>): Promise<void> {
  for (let i = 0; i < 5; i++) await client.emptyCall({});
}

describe.each([
  ["without interceptors", [] as ServerInterceptor[]],
  ["behind an interceptor", [passThrough]],
])("push-style streaming handlers over TCP, %s", (_mode, interceptors) => {
  test("a reader that stops bounds the sender; reading on resumes it; leaving the loop ends the handler with Canceled", async () => {
    let sent = 0;
    const ended = new Deferred<unknown>();
    await using server = createServer({ wire, interceptors }).add(InteropService, {
      emptyCall: () => ({}),
      streamingOutputCall: {
        async push(_request, responses) {
          const payload = new Uint8Array(MESSAGE);
          try {
            for (;;) {
              const pacing = responses.send({ payload });
              sent++;
              if (pacing !== undefined) await pacing;
            }
          } catch (error) {
            ended.resolve(error);
          }
        },
      },
    });
    using channel = testChannel(await listenLocal(server), { wire });
    const client = createClient(InteropService, channel);
    const it = client.streamingOutputCall({})[Symbol.asyncIterator]();
    expect((await it.next()).done).toBe(false);
    await settle(client);
    const sentWhileStopped = sent;
    expect(sentWhileStopped).toBeGreaterThan(1);
    // Behind an interceptor the push queue (16) and its one message in hand come on top.
    expect(sentWhileStopped).toBeLessThanOrEqual(BOUND + (interceptors.length > 0 ? 17 : 0));
    for (let i = 0; i < 20; i++) expect((await it.next()).done).toBe(false);
    expect(sent).toBeGreaterThan(sentWhileStopped);
    await it.return?.();
    const error = await ended.promise;
    expect(error).toBeInstanceOf(RpcError);
    expect((error as RpcError).code).toBe(Code.Canceled);
  });

  test("many small messages arrive whole and in order, and the handler's return ends the call OK", async () => {
    const count = 20_000;
    await using server = createServer({ interceptors }).add(InteropService, {
      emptyCall: () => ({}),
      streamingOutputCall: {
        async push(request, responses) {
          for (let i = 0; i < count; i++) {
            const pacing = responses.send({ payload: new Uint8Array([i & 255, (i >> 8) & 255, request.responseSize & 255]) });
            if (pacing !== undefined) await pacing;
          }
        },
      },
    });
    using channel = testChannel(await listenLocal(server));
    const client = createClient(InteropService, channel);
    let n = 0;
    for await (const m of client.streamingOutputCall({ responseSize: 7 })) {
      expect([...m.payload]).toEqual([n & 255, (n >> 8) & 255, 7]);
      n++;
    }
    expect(n).toBe(count);
  });

  test("bidi: the handler answers each request as it comes", async () => {
    await using server = createServer({ interceptors }).add(InteropService, {
      emptyCall: () => ({}),
      fullDuplexCall: {
        async push(requests, responses) {
          for await (const r of requests) await responses.send({ payload: new Uint8Array(r.responseSize) });
        },
      },
    });
    using channel = testChannel(await listenLocal(server));
    const client = createClient(InteropService, channel);
    const sizes: number[] = [];
    for await (const m of client.fullDuplexCall([{ responseSize: 1 }, { responseSize: 5 }, { responseSize: 3 }])) sizes.push(m.payload.length);
    expect(sizes).toEqual([1, 5, 3]);
  });
});
