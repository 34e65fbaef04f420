import { describe, expect, test } from "bun:test";
import { Code } from "./code.ts";
import { PUSH_AHEAD_LIMIT } from "./push-writer.ts";
import { PUSH_QUEUE_LIMIT } from "./pushed-responses.ts";
import { Router } from "./router.ts";
import { RpcError } from "./rpc-error.ts";
import type { ServerInterceptor } from "./server-interceptor.ts";
import type { ServiceHandlers } from "./service-handlers.ts";
import type { ServerOptions } from "./server-options.ts";
import { createMemoryPair } from "./testing/memory-pair.ts";
import { type TestMessage, TestService } from "./testing/test-service.ts";

/** Counts the messages of streaming responses on their way out: an interceptor that wraps `messages`. */
function countingInterceptor(seen: TestMessage[]): ServerInterceptor {
  return (next) => async (req) => {
    const res = await next(req);
    if (!res.stream) return res;
    const inner = res.messages;
    return {
      stream: true,
      messages: (async function* () {
        for await (const m of inner) {
          seen.push(m as TestMessage);
          yield m;
        }
      })(),
    };
  };
}

async function collect(stream: AsyncIterable<TestMessage>): Promise<number[]> {
  const out: number[] = [];
  for await (const m of stream) out.push(m.n);
  return out;
}

const idle = () => new Promise((r) => setTimeout(r, 20));
const payload = "x".repeat(100);

/** Each behaviour holds on a server without interceptors (sends go to the call) and with one (through the bounded queue). */
const modes: [string, (seen: TestMessage[]) => Partial<ServerOptions>][] = [
  ["without interceptors", () => ({})],
  ["behind an interceptor", (seen) => ({ interceptors: [countingInterceptor(seen)] })],
];

describe.each(modes)("push-style handlers %s", (_mode, server) => {
  test("server streaming: every sent message arrives in order, then OK", async () => {
    const seen: TestMessage[] = [];
    const { client } = createMemoryPair(
      TestService,
      {
        count: {
          async push(request, responses) {
            for (let i = 0; i < request.n; i++) {
              const pacing = responses.send({ text: "", n: i });
              if (pacing !== undefined) await pacing;
            }
          },
        },
      },
      { server: server(seen) },
    );
    expect(await collect(client.count({ n: 100 }))).toEqual(Array.from({ length: 100 }, (_, i) => i));
    if (seen.length > 0) expect(seen.map((m) => m.n)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  test("bidi: requests are consumed and answered", async () => {
    const { client } = createMemoryPair(
      TestService,
      {
        chat: {
          async push(requests, responses) {
            for await (const r of requests) await responses.send({ text: r.text.toUpperCase(), n: r.n * 2 });
          },
        },
      },
      { server: server([]) },
    );
    const replies: string[] = [];
    for await (const m of client.chat([{ text: "a", n: 1 }, { text: "b", n: 2 }])) replies.push(`${m.text}${m.n}`);
    expect(replies).toEqual(["A2", "B4"]);
  });

  test("a handler that throws ends the stream with its error after what it sent", async () => {
    const { client } = createMemoryPair(
      TestService,
      {
        count: {
          push(_request, responses) {
            responses.send({ text: "", n: 1 });
            throw new RpcError(Code.FailedPrecondition, "out of stock");
          },
        },
      },
      { server: server([]) },
    );
    const got: number[] = [];
    const reading = (async () => {
      for await (const m of client.count({})) got.push(m.n);
    })();
    await expect(reading).rejects.toMatchObject({ code: Code.FailedPrecondition, message: "out of stock" });
    expect(got).toEqual([1]);
  });

  test("the sender waits for a slow reader: sends run only about a window ahead", async () => {
    let sent = 0;
    const { client } = createMemoryPair(
      TestService,
      {
        count: {
          async push(_request, responses) {
            for (let i = 0; i < 10_000; i++) {
              sent++;
              const pacing = responses.send({ text: payload, n: i });
              if (pacing !== undefined) await pacing;
            }
          },
        },
      },
      { server: server([]), transport: { windowBytes: 1024 } },
    );
    let read = 0;
    let ahead = 0;
    for await (const _ of client.count({})) {
      if (++read === 3) {
        await idle();
        ahead = sent; // before the cancel: the handler is free to go on once it learns of it
        break;
      }
    }
    expect(ahead).toBeGreaterThan(read);
    // The window (~9 messages) and, behind an interceptor, its queue and the generator's one in hand.
    expect(ahead).toBeLessThan(read + 12 + PUSH_QUEUE_LIMIT + 2);
  });

  test("once the client cancels, send throws the call's error and the handler stops", async () => {
    const stopped = Promise.withResolvers<unknown>();
    const { client } = createMemoryPair(
      TestService,
      {
        count: {
          async push(_request, responses, ctx) {
            try {
              for (let i = 0; ; i++) {
                const pacing = responses.send({ text: payload, n: i });
                if (pacing !== undefined) await pacing;
                if (i % 8 === 0) await idle();
              }
            } catch (error) {
              stopped.resolve({ error, aborted: ctx.signal.aborted });
              throw error;
            }
          },
        },
      },
      { server: server([]), transport: { windowBytes: 1024 } },
    );
    for await (const m of client.count({})) if (m.n === 2) break;
    const { error, aborted } = (await stopped.promise) as { error: unknown; aborted: boolean };
    expect(error).toBeInstanceOf(RpcError);
    expect((error as RpcError).code).toBe(Code.Canceled);
    expect(aborted).toBe(true);
  });

  test("past the call's deadline, send throws DeadlineExceeded and the client fails with it", async () => {
    const stopped = Promise.withResolvers<unknown>();
    const { client } = createMemoryPair(
      TestService,
      {
        count: {
          async push(_request, responses) {
            try {
              for (let i = 0; ; i++) {
                await responses.send({ text: "", n: i });
                await idle();
              }
            } catch (error) {
              stopped.resolve(error);
              throw error;
            }
          },
        },
      },
      { server: server([]) },
    );
    await expect(collect(client.count({}, { timeoutMs: 60 }))).rejects.toMatchObject({ code: Code.DeadlineExceeded });
    expect(await stopped.promise).toMatchObject({ code: Code.DeadlineExceeded });
  });

  test("a handler that ignores flow control fails its call instead of queueing without bound", async () => {
    let thrown: unknown;
    let sent = 0;
    const { client } = createMemoryPair(
      TestService,
      {
        count: {
          push(_request, responses) {
            try {
              for (let i = 0; i < 100_000; i++) {
                responses.send({ text: payload, n: i }); // pacing ignored
                sent++;
              }
            } catch (error) {
              thrown = error;
              throw error;
            }
          },
        },
      },
      { server: server([]), transport: { windowBytes: 1024 } },
    );
    await expect(collect(client.count({}))).rejects.toMatchObject({ code: Code.Internal, message: expect.stringContaining("without awaiting send()'s promise") });
    expect((thrown as RpcError).code).toBe(Code.Internal);
    expect(sent).toBeLessThanOrEqual(PUSH_QUEUE_LIMIT + 2 * PUSH_AHEAD_LIMIT + 12);
  });
});

describe("registering push-style handlers", () => {
  test("a unary or client-streaming method cannot have one", () => {
    const push = { push() {} };
    expect(() => new Router().add(TestService, { echo: push } as unknown as Partial<ServiceHandlers<typeof TestService>>)).toThrow(
      "handler strand.test.v1.Test.echo is push style, which only streaming responses have (unary needs a function)",
    );
    expect(() => new Router().add(TestService, { sum: push } as unknown as Partial<ServiceHandlers<typeof TestService>>)).toThrow("(client_streaming needs a function)");
  });

  test("an unknown method name with a push handler is a typo, and a non-handler value is refused", () => {
    expect(() => new Router().add(TestService, { coutn: { push() {} } } as unknown as Partial<ServiceHandlers<typeof TestService>>)).toThrow("strand.test.v1.Test has no method coutn");
    for (const value of [{ pull() {} }, [], "count"]) {
      expect(() => new Router().add(TestService, { count: value } as unknown as Partial<ServiceHandlers<typeof TestService>>)).toThrow(
        "handler strand.test.v1.Test.count is not a function or { push }",
      );
    }
  });

  test("push is called with `this` the handler object, like a method", async () => {
    const handler = {
      prefix: "n",
      async push(this: { prefix: string }, request: TestMessage, responses: { send(m: Partial<TestMessage>): Promise<void> | undefined }) {
        await responses.send({ text: this.prefix, n: request.n });
      },
    };
    const { client } = createMemoryPair(TestService, { count: handler });
    for await (const m of client.count({ n: 7 })) expect(m).toEqual({ text: "n", n: 7 });
  });
});
