import { describe, expect, test } from "bun:test";
import { Code } from "./code.ts";
import { type RetryOptions, retryInterceptor, verifyRetryOptions } from "./retry-interceptor.ts";
import { RpcError } from "./rpc-error.ts";
import { createMemoryPair } from "./testing/memory-pair.ts";
import { TestService, type TestMessage } from "./testing/test-service.ts";

function flaky(failures: number, code = Code.Unavailable) {
  const calls = { echo: 0, post: 0 };
  const handlers = {
    async echo(r: TestMessage) {
      if (++calls.echo <= failures) throw new RpcError(code, "try again");
      return r;
    },
    async post(r: TestMessage) {
      if (++calls.post <= failures) throw new RpcError(code, "try again");
      return r;
    },
  };
  return { calls, handlers };
}

const fast = { initialBackoffMs: 1, maxBackoffMs: 2 };

describe("retryInterceptor", () => {
  test("retries an idempotent unary call on Unavailable until it succeeds", async () => {
    const { calls, handlers } = flaky(2);
    const { client } = createMemoryPair(TestService, handlers, { client: { interceptors: [retryInterceptor(fast)] } });
    expect((await client.echo({ n: 3 })).n).toBe(3);
    expect(calls.echo).toBe(3);
  });

  test("gives up after maxAttempts with the last error", async () => {
    const { calls, handlers } = flaky(10);
    const { client } = createMemoryPair(TestService, handlers, {
      client: { interceptors: [retryInterceptor({ ...fast, maxAttempts: 4 })] },
    });
    const e = (await client.echo({}).catch((x: unknown) => x)) as RpcError;
    expect(e.code).toBe(Code.Unavailable);
    expect(calls.echo).toBe(4);
  });

  test("never retries methods of unknown idempotency, nor other codes", async () => {
    const a = flaky(1);
    const pa = createMemoryPair(TestService, a.handlers, { client: { interceptors: [retryInterceptor(fast)] } });
    expect(((await pa.client.post({}).catch((x: unknown) => x)) as RpcError).code).toBe(Code.Unavailable);
    expect(a.calls.post).toBe(1);
    const b = flaky(1, Code.Internal);
    const pb = createMemoryPair(TestService, b.handlers, { client: { interceptors: [retryInterceptor(fast)] } });
    expect(((await pb.client.echo({}).catch((x: unknown) => x)) as RpcError).code).toBe(Code.Internal);
    expect(b.calls.echo).toBe(1);
  });

  test("stops backing off when the call's signal aborts", async () => {
    const { calls, handlers } = flaky(10);
    const { client } = createMemoryPair(TestService, handlers, {
      client: { interceptors: [retryInterceptor({ initialBackoffMs: 60_000, maxBackoffMs: 60_000 })] },
    });
    const controller = new AbortController();
    const call = client.echo({}, { signal: controller.signal });
    while (calls.echo === 0) await new Promise((r) => setTimeout(r, 1));
    controller.abort();
    expect(((await call.catch((x: unknown) => x)) as RpcError).code).toBe(Code.Canceled);
    expect(calls.echo).toBe(1);
  });

  test("does not wait past the deadline", async () => {
    const { calls, handlers } = flaky(10);
    const { client } = createMemoryPair(TestService, handlers, {
      client: { interceptors: [retryInterceptor({ initialBackoffMs: 60_000, maxBackoffMs: 60_000 })] },
    });
    const e = (await client.echo({}, { timeoutMs: 30_000 }).catch((x: unknown) => x)) as RpcError;
    expect(e.code).toBe(Code.Unavailable);
    expect(calls.echo).toBe(1);
  });

  test("options are verified at construction", () => {
    expect(() => verifyRetryOptions({ maxAttempts: 0 })).toThrow(RpcError);
    expect(() => verifyRetryOptions({ multiplier: 0.5 })).toThrow(RpcError);
    expect(() => verifyRetryOptions({ jitter: 2 })).toThrow(RpcError);
    expect(verifyRetryOptions({ maxAttempts: undefined } as unknown as Partial<RetryOptions> /* as JavaScript may pass it */).maxAttempts).toBe(3);
  });
});
