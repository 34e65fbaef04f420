import { describe, expect, test } from "bun:test";
import { Code } from "./code.ts";
import { DeadlineTimer, resolveDeadline } from "./deadline.ts";
import type { HandlerContext } from "./handler-context.ts";
import { decodeTrailers } from "./header-decoder.ts";
import { encodePathEntry, encodeRequestHead } from "./header-encoder.ts";
import { RpcError } from "./rpc-error.ts";
import { createMemoryPair } from "./testing/memory-pair.ts";
import { TestService } from "./testing/test-service.ts";
import type { ClientCallListener } from "./transport.ts";

function aborted(signal: AbortSignal): Promise<unknown> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve(signal.reason);
    signal.addEventListener("abort", () => resolve(signal.reason), { once: true });
  });
}

describe("resolveDeadline", () => {
  test("the earliest of timeoutMs, deadline and the inherited one wins", () => {
    expect(resolveDeadline(undefined, undefined, undefined, 1000)).toBeUndefined();
    expect(resolveDeadline(50, undefined, undefined, 1000)).toBe(1050);
    expect(resolveDeadline(50, 1020, undefined, 1000)).toBe(1020);
    expect(resolveDeadline(50, new Date(1100), 1010, 1000)).toBe(1010);
    expect(resolveDeadline(Infinity, undefined, undefined, 1000)).toBeUndefined();
  });

  test("values that are not times are InvalidArgument", () => {
    for (const bad of [-1, NaN, "5s" as unknown as number]) {
      expect(() => resolveDeadline(bad, undefined, undefined, 0)).toThrow(RpcError);
    }
    expect(() => resolveDeadline(undefined, new Date("nope"), undefined, 0)).toThrow(RpcError);
  });

  test("a DeadlineTimer fires once and clear() prevents it", async () => {
    let fired = 0;
    const done = new Promise<void>((resolve) => new DeadlineTimer(Date.now() + 1, () => (fired++, resolve())));
    new DeadlineTimer(Date.now() + 1, () => fired++).clear();
    await done;
    await new Promise((r) => setTimeout(r, 5));
    expect(fired).toBe(1);
  });
});

describe("deadlines end to end", () => {
  test("the server sees ctx.deadline; expiry gives DeadlineExceeded and aborts ctx.signal", async () => {
    const seen = Promise.withResolvers<{ deadline: number | undefined; reason: unknown }>();
    const { client } = createMemoryPair(TestService, {
      async echo(_req, ctx) {
        const reason = await aborted(ctx.signal);
        seen.resolve({ deadline: ctx.deadline, reason });
        return {};
      },
    });
    const before = Date.now();
    const e = (await client.echo({}, { timeoutMs: 20 }).catch((x: unknown) => x)) as RpcError;
    expect(e.code).toBe(Code.DeadlineExceeded);
    const { deadline, reason } = await seen.promise;
    expect(deadline).toBeGreaterThanOrEqual(before + 20);
    // Whichever side's timer fires first: the server's own (DeadlineExceeded) or the client's reset.
    expect([Code.DeadlineExceeded, Code.Canceled]).toContain((reason as RpcError).code);
  });

  test("a call without deadline has ctx.deadline undefined; absolute deadlines work", async () => {
    const deadlines: (number | undefined)[] = [];
    const { client } = createMemoryPair(TestService, {
      async echo(_req, ctx) {
        deadlines.push(ctx.deadline);
        return {};
      },
    });
    await client.echo({});
    const at = Date.now() + 60_000;
    await client.echo({}, { deadline: new Date(at) });
    expect(deadlines[0]).toBeUndefined();
    expect(Math.abs((deadlines[1] as number) - at)).toBeLessThan(1000);
  });

  test("an already-expired deadline fails without reaching the server", async () => {
    let ran = false;
    const { client, transport } = createMemoryPair(TestService, {
      async echo() {
        ran = true;
        return {};
      },
    });
    const e = (await client.echo({}, { deadline: Date.now() - 1 }).catch((x: unknown) => x)) as RpcError;
    expect(e.code).toBe(Code.DeadlineExceeded);
    expect(ran).toBe(false);
    expect(transport.opened).toBe(0);
  });

  test("the server enforces the wire timeout on its own, with trailers", async () => {
    const serverReason = Promise.withResolvers<unknown>();
    const { transport } = createMemoryPair(TestService, {
      async echo(_req, ctx) {
        serverReason.resolve(await aborted(ctx.signal));
        return {};
      },
    });
    const trailers = await new Promise<Uint8Array>((resolve) => {
      const listener: ClientCallListener = {
        onHeaders() {},
        onMessage() {},
        onTrailers: resolve,
        onError: (e) => resolve(new Uint8Array([0x03, e.code])),
      };
      const head = encodeRequestHead(encodePathEntry(TestService.methods.echo.path), 5, undefined, 8192);
      const message = TestService.methods.echo.input.encode({ text: "", n: 0 });
      transport.openCall({ head, message, end: true, waitForReady: false }, listener).request(2);
    });
    expect(decodeTrailers(trailers, 16384).code).toBe(Code.DeadlineExceeded);
    expect(((await serverReason.promise) as RpcError).code).toBe(Code.DeadlineExceeded);
  });

  test("a server stream past its deadline ends with DeadlineExceeded after the messages sent so far", async () => {
    const { client } = createMemoryPair(TestService, {
      async *count(_req, ctx) {
        yield { n: 1 };
        await aborted(ctx.signal);
      },
    });
    const got: number[] = [];
    const e = await (async () => {
      for await (const m of client.count({}, { timeoutMs: 20 })) got.push(m.n);
    })().catch((x: unknown) => x);
    expect(got).toEqual([1]);
    expect((e as RpcError).code).toBe(Code.DeadlineExceeded);
  });
});

describe("propagation", () => {
  test("a call made inside a handler inherits the deadline; detached opts out", async () => {
    const inner: (number | undefined)[] = [];
    const pair = createMemoryPair(TestService, {
      async echo(_req, ctx) {
        inner.push(ctx.deadline);
        return {};
      },
      async post(req, _ctx: HandlerContext) {
        await pair.client.echo({});
        await pair.client.echo({}, { detached: true });
        await pair.client.echo({}, { timeoutMs: 60_000 * 60 });
        return req;
      },
    });
    const outer = Date.now() + 60_000;
    await pair.client.post({}, { deadline: outer });
    // Relative timeouts gain the transit time of each hop (ms-granular clocks), as in gRPC: allow slack.
    expect(Math.abs((inner[0] as number) - outer)).toBeLessThan(1000);
    expect(inner[1]).toBeUndefined();
    expect(Math.abs((inner[2] as number) - outer)).toBeLessThan(1000);
  });

  test("cancelling the outer call cancels the inner one", async () => {
    let innerReason: unknown;
    let innerStarted!: () => void;
    const started = new Promise<void>((r) => (innerStarted = r));
    const innerDone = Promise.withResolvers<void>();
    const pair = createMemoryPair(TestService, {
      async echo(_req, ctx) {
        innerStarted();
        innerReason = await aborted(ctx.signal);
        innerDone.resolve();
        return {};
      },
      async post(_req, ctx) {
        const e = await pair.client.echo({}).catch((x: unknown) => x);
        expect((e as RpcError).code).toBe(Code.Canceled);
        expect(ctx.signal.aborted).toBe(true);
        return {};
      },
    });
    const controller = new AbortController();
    const outer = pair.client.post({}, { signal: controller.signal }).catch((x: unknown) => x);
    await started;
    controller.abort();
    expect(((await outer) as RpcError).code).toBe(Code.Canceled);
    await innerDone.promise;
    expect((innerReason as RpcError).code).toBe(Code.Canceled);
  });
});

describe("propagation from streaming handlers", () => {
  test("server-streaming generator bodies and bidi handlers run inside the call scope", async () => {
    const inner: (number | undefined)[] = [];
    const pair = createMemoryPair(TestService, {
      async echo(_req, ctx) {
        inner.push(ctx.deadline);
        return {};
      },
      async *count() {
        await pair.client.echo({});
        yield { n: 1 };
        await pair.client.echo({});
        yield { n: 2 };
      },
      async *chat(reqs) {
        for await (const r of reqs) {
          await pair.client.echo({});
          yield r;
        }
      },
    });
    const outer = Date.now() + 60_000;
    for await (const _ of pair.client.count({}, { deadline: outer }));
    for await (const _ of pair.client.chat([{}], { deadline: outer }));
    expect(inner).toHaveLength(3);
    for (const d of inner) expect(Math.abs((d as number) - outer)).toBeLessThan(1000);
  });
});
