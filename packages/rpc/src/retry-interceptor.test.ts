import { describe, expect, test } from "bun:test";
import { Code } from "./code.ts";
import { type RetryOptions, retryInterceptor, verifyRetryOptions } from "./retry-interceptor.ts";
import type { ErrorDetail } from "./error-detail.ts";
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

  test("waits at least the server's RetryInfo delay before each retry", async () => {
    const delay = retryInfo(0, 80_000_000); // 80 ms, far above the 1 ms backoff
    const attempts: number[] = [];
    const { client } = createMemoryPair(
      TestService,
      {
        async echo(r: TestMessage) {
          attempts.push(performance.now());
          if (attempts.length <= 2) throw new RpcError(Code.Unavailable, "busy", { details: [delay] });
          return r;
        },
      },
      { client: { interceptors: [retryInterceptor({ ...fast, maxBackoffMs: 5_000 })] } },
    );
    expect((await client.echo({ n: 1 })).n).toBe(1);
    expect(attempts).toHaveLength(3);
    for (let i = 1; i < attempts.length; i++) expect(attempts[i]! - attempts[i - 1]!).toBeGreaterThanOrEqual(79);
  });

  test("the server's delay is capped at maxBackoffMs, and never makes another code retryable", async () => {
    const hour = retryInfo(3600, 0);
    const { calls, handlers } = flaky(2);
    const slow = {
      ...handlers,
      async echo(r: TestMessage) {
        if (++calls.echo <= 2) throw new RpcError(Code.Unavailable, "busy", { details: [hour] });
        return r;
      },
    };
    const { client } = createMemoryPair(TestService, slow, { client: { interceptors: [retryInterceptor(fast)] } });
    expect((await client.echo({ n: 2 })).n).toBe(2);
    expect(calls.echo).toBe(3);
    const b = flaky(1, Code.Internal);
    const pb = createMemoryPair(TestService, b.handlers, { client: { interceptors: [retryInterceptor(fast)] } });
    expect(((await pb.client.echo({}).catch((x: unknown) => x)) as RpcError).code).toBe(Code.Internal);
    expect(b.calls.echo).toBe(1);
  });

  test("gives up at once when the server's delay would run past the deadline", async () => {
    const { calls } = flaky(0);
    const { client } = createMemoryPair(
      TestService,
      {
        async echo() {
          calls.echo++;
          throw new RpcError(Code.Unavailable, "come back in an hour", { details: [retryInfo(3600, 0)] });
        },
      },
      { client: { interceptors: [retryInterceptor({ ...fast, maxBackoffMs: 3_600_000 })] } },
    );
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

/** A `google.rpc.RetryInfo` detail, encoded by hand (this package has no message runtime). */
function retryInfo(seconds: number, nanos: number): ErrorDetail {
  const duration = [0x08, ...varint(seconds), 0x10, ...varint(nanos)];
  return { type: "google.rpc.RetryInfo", value: new Uint8Array([0x0a, duration.length, ...duration]) };
}

/** Protobuf varint bytes of a non-negative safe integer. */
function varint(n: number): number[] {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n % 128) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}
