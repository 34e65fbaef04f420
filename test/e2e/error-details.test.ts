/**
 * Rich error details end to end over real TCP: the standard `google.rpc` types of `strand/errors`
 * and a user's own generated type, thrown by a handler and read with `findDetails` by a client two
 * hops away; the retry interceptor honouring a server's `RetryInfo`; details over the trailer
 * limit dropped (and logged) while code and message still arrive.
 */
import { describe, expect, test } from "bun:test";
import { Code, createClient, createServer, durationFromMs, durationToMs, errorDetail, retryInterceptor, RpcError, type Interceptor, type Logger, type ServerInterceptor } from "strand";
import { BadRequest, ErrorInfo, RetryInfo } from "strand/errors";
import { TestService, type TestMessage } from "@strand/rpc/testing";
import { InsufficientFunds } from "../gen/acme/billing/v1/billing_errors.ts";
import { testChannel } from "../support/channel.ts";
import { listenLocal } from "../support/listen.ts";
import { rpcFailure, streamFailure } from "../support/rpc-failure.ts";

/** The four details server B fails with: three standard, one of the user's own. */
function paymentRefused(): RpcError {
  return new RpcError(Code.FailedPrecondition, "payment refused", {
    details: [
      errorDetail(BadRequest, { fieldViolations: [{ field: "amount", description: "must be > 0" }] }),
      errorDetail(ErrorInfo, { reason: "INSUFFICIENT_FUNDS", domain: "billing.acme.example", metadata: { account: "7" } }),
      errorDetail(RetryInfo, { retryDelay: durationFromMs(2500) }),
      errorDetail(InsufficientFunds, { balanceCents: 1200n, requiredCents: 9_007_199_254_740_993n, currency: "EUR" }),
    ],
  });
}

/** Checks that `error` carries the four details of {@link paymentRefused}, each read with its own type. */
function expectPaymentRefused(error: RpcError): void {
  expect([error.code, error.message]).toEqual([Code.FailedPrecondition, "payment refused"]);
  const [bad] = error.findDetails(BadRequest);
  expect(bad?.fieldViolations.map((v) => [v.field, v.description])).toEqual([["amount", "must be > 0"]]);
  const [info] = error.findDetails(ErrorInfo);
  expect([info?.reason, info?.domain, info?.metadata]).toEqual(["INSUFFICIENT_FUNDS", "billing.acme.example", { account: "7" }]);
  const [retry] = error.findDetails(RetryInfo);
  expect(retry?.retryDelay === undefined ? undefined : durationToMs(retry.retryDelay)).toBe(2500);
  expect(error.findDetails(InsufficientFunds)).toEqual([{ balanceCents: 1200n, requiredCents: 9_007_199_254_740_993n, currency: "EUR" }]);
  expect(error.details.map((d) => d.type)).toEqual(["google.rpc.BadRequest", "google.rpc.ErrorInfo", "google.rpc.RetryInfo", "acme.billing.v1.InsufficientFunds"]);
}

/** Starts server B (fails every call with the details) and server A (calls B, rethrows what it gets); returns A's target. */
async function twoHops(aOptions: { downstreamDetails?: "drop" | "forward"; interceptors?: ServerInterceptor[] }) {
  const b = createServer().add(TestService, {
    echo: () => Promise.reject(paymentRefused()),
    async *count() {
      yield { text: "first", n: 1 };
      throw paymentRefused();
    },
  });
  const bChannel = testChannel(await listenLocal(b));
  const toB = createClient(TestService, bChannel);
  const a = createServer(aOptions).add(TestService, {
    echo: (req: TestMessage) => toB.echo(req), // B's RpcError escapes A's handler as it came
    async *count(req: TestMessage) {
      yield* toB.count(req);
    },
  });
  const target = await listenLocal(a);
  return {
    target,
    async [Symbol.asyncDispose]() {
      bChannel.close();
      await a.close({ force: true });
      await b.close({ force: true });
    },
  };
}

describe("error details over TCP", () => {
  test("client → A → B: B's standard and user-defined details reach the client through A (forward), a client and a server interceptor", async () => {
    const seenByA: string[][] = [];
    const observeA: ServerInterceptor = (next) => async (req) => {
      try {
        return await next(req);
      } catch (e) {
        if (e instanceof RpcError) seenByA.push(e.findDetails(ErrorInfo).map((i) => i.reason));
        throw e;
      }
    };
    await using hops = await twoHops({ downstreamDetails: "forward", interceptors: [observeA] });
    const seenByClient: number[] = [];
    const observeClient: Interceptor = (next) => async (req) => {
      try {
        return await next(req);
      } catch (e) {
        if (e instanceof RpcError) seenByClient.push(e.details.length);
        throw e;
      }
    };
    using channel = testChannel(hops.target);
    const client = createClient(TestService, channel, { interceptors: [observeClient] });
    expectPaymentRefused(await rpcFailure(client.echo({ text: "pay" })));
    expect(seenByA).toEqual([["INSUFFICIENT_FUNDS"]]);
    expect(seenByClient).toEqual([4]);

    // A stream that fails after a message carries its details in the trailers the same way.
    const stream = client.count({ n: 1 });
    const received: string[] = [];
    const failed = await streamFailure(
      (async function* () {
        for await (const m of stream) {
          received.push(m.text);
          yield m;
        }
      })(),
    );
    expect(received).toEqual(["first"]);
    expectPaymentRefused(failed);
  });

  test("by default A drops the details of B's error it rethrows: the code and message still arrive", async () => {
    await using hops = await twoHops({});
    using channel = testChannel(hops.target);
    const error = await rpcFailure(createClient(TestService, channel).echo({}));
    expect([error.code, error.message, error.details]).toEqual([Code.FailedPrecondition, "payment refused", []]);
    expect(error.findDetails(BadRequest)).toEqual([]);
  });

  test("retryInterceptor waits at least the server's RetryInfo delay: Unavailable + RetryInfo twice, then OK", async () => {
    const SERVER_DELAY_MS = 200;
    const attempts: number[] = [];
    const server = createServer().add(TestService, {
      async echo(req: TestMessage) {
        attempts.push(performance.now());
        if (attempts.length <= 2) {
          throw new RpcError(Code.Unavailable, "shedding load", { details: [errorDetail(RetryInfo, { retryDelay: durationFromMs(SERVER_DELAY_MS) })] });
        }
        return req;
      },
    });
    await using _ = server;
    using channel = testChannel(await listenLocal(server));
    // The client's own backoff is 1 ms: only the server's advice explains waits of 200 ms.
    const client = createClient(TestService, channel, { interceptors: [retryInterceptor({ initialBackoffMs: 1, maxBackoffMs: 5_000, maxAttempts: 3 })] });
    expect(await client.echo({ text: "ok", n: 1 })).toEqual({ text: "ok", n: 1 });
    expect(attempts).toHaveLength(3);
    const gaps = attempts.slice(1).map((t, i) => t - attempts[i]!);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(SERVER_DELAY_MS - 1); // timers have ms granularity
  });

  test("details over the trailer limit are dropped and logged; the client still gets the code and message", async () => {
    const logged: string[] = [];
    const logger: Logger = { error: (message) => void logged.push(message) };
    const server = createServer({ logger, metadataSoftLimitBytes: 2048 }).add(TestService, {
      async echo() {
        const violations = Array.from({ length: 100 }, (_, i) => ({ field: `items[${String(i)}].sku`, description: "unknown product" }));
        throw new RpcError(Code.InvalidArgument, "order has unknown products", { details: [errorDetail(BadRequest, { fieldViolations: violations })] });
      },
    });
    await using _ = server;
    using channel = testChannel(await listenLocal(server));
    const error = await rpcFailure(createClient(TestService, channel).echo({}));
    expect([error.code, error.message, error.details]).toEqual([Code.InvalidArgument, "order has unknown products", []]);
    expect(logged).toEqual([
      "1 error detail(s) of /strand.test.v1.Test/Echo dropped: with them the trailers exceed metadataSoftLimitBytes (2048 bytes); the call still ends with InvalidArgument: order has unknown products",
    ]);
  });
});
