import { describe, expect, test } from "bun:test";
import { createClient } from "./client.ts";
import { Code } from "./code.ts";
import { encodeResponseHeaders, encodeTrailers } from "./header-encoder.ts";
import { Metadata } from "./metadata.ts";
import { RpcError } from "./rpc-error.ts";
import { MemoryTransport } from "./testing/memory-transport.ts";
import { createMemoryPair } from "./testing/memory-pair.ts";
import { TestMessage, TestService } from "./testing/test-service.ts";
import type { CallAcceptor, Transport } from "./transport.ts";

function aborted(signal: AbortSignal): Promise<unknown> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve(signal.reason);
    signal.addEventListener("abort", () => resolve(signal.reason), { once: true });
  });
}

async function failure(p: Promise<unknown>): Promise<RpcError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(RpcError);
  return e as RpcError;
}

describe("cancellation from the client", () => {
  test("aborting the signal fails the call with Canceled and aborts ctx.signal", async () => {
    const serverReason = Promise.withResolvers<unknown>();
    const started = Promise.withResolvers<void>();
    const { client, transport } = createMemoryPair(TestService, {
      async echo(_req, ctx) {
        started.resolve();
        serverReason.resolve(await aborted(ctx.signal));
        return {};
      },
    });
    const controller = new AbortController();
    const call = client.echo({}, { signal: controller.signal });
    await started.promise;
    controller.abort();
    expect((await failure(call)).code).toBe(Code.Canceled);
    expect(((await serverReason.promise) as RpcError).code).toBe(Code.Canceled);
    expect(transport.liveStreams).toBe(0);
  });

  test("an already-aborted signal never opens a stream; reasons map to codes", async () => {
    const { client, transport } = createMemoryPair(TestService, { echo: async () => ({}) });
    expect((await failure(client.echo({}, { signal: AbortSignal.abort() }))).code).toBe(Code.Canceled);
    const reason = new RpcError(Code.PermissionDenied, "revoked");
    expect(await failure(client.echo({}, { signal: AbortSignal.abort(reason) }))).toBe(reason);
    expect((await failure(client.echo({}, { signal: AbortSignal.abort(new DOMException("t", "TimeoutError")) }))).code).toBe(
      Code.DeadlineExceeded,
    );
    expect(transport.opened).toBe(0);
  });

  test("leaving for-await early cancels a server stream and the handler sees it", async () => {
    const serverReason = Promise.withResolvers<unknown>();
    const { client, transport } = createMemoryPair(TestService, {
      async *count(_req, ctx) {
        ctx.signal.addEventListener("abort", () => serverReason.resolve(ctx.signal.reason));
        for (let i = 0; ; i++) yield { n: i };
      },
    });
    const got: number[] = [];
    for await (const m of client.count({})) {
      got.push(m.n);
      if (m.n === 2) break;
    }
    expect(got).toEqual([0, 1, 2]);
    expect(((await serverReason.promise) as RpcError).code).toBe(Code.Canceled);
    expect(transport.liveStreams).toBe(0);
  });

  test("breaking out of a bidi stream cancels it, and the request generator is closed", async () => {
    const serverReason = Promise.withResolvers<unknown>();
    const requestsClosed = Promise.withResolvers<void>();
    const { client } = createMemoryPair(TestService, {
      async *chat(reqs, ctx) {
        ctx.signal.addEventListener("abort", () => serverReason.resolve(ctx.signal.reason));
        for await (const r of reqs) yield r;
      },
    });
    async function* requests() {
      try {
        for (let i = 0; ; i++) yield { n: i };
      } finally {
        requestsClosed.resolve();
      }
    }
    for await (const m of client.chat(requests())) if (m.n === 3) break;
    expect(((await serverReason.promise) as RpcError).code).toBe(Code.Canceled);
    await requestsClosed.promise;
  });

  test("a failing request iterable fails a client-streaming call and cancels the server", async () => {
    const serverReason = Promise.withResolvers<unknown>();
    const { client } = createMemoryPair(TestService, {
      async sum(reqs, ctx) {
        ctx.signal.addEventListener("abort", () => serverReason.resolve(ctx.signal.reason));
        for await (const _ of reqs);
        return {};
      },
    });
    async function* requests() {
      yield { n: 1 };
      throw new Error("producer broke");
    }
    const e = await failure(client.sum(requests()));
    expect(e.message).toBe("producer broke");
    expect(((await serverReason.promise) as RpcError).code).toBe(Code.Canceled);
  });
});

describe("cancellation from the other side", () => {
  test("connection loss: Unavailable on the client, ctx.signal aborted on the server", async () => {
    const serverReason = Promise.withResolvers<unknown>();
    const started = Promise.withResolvers<void>();
    const { client, transport } = createMemoryPair(TestService, {
      async echo(_req, ctx) {
        started.resolve();
        serverReason.resolve(await aborted(ctx.signal));
        return {};
      },
    });
    const call = client.echo({});
    await started.promise;
    transport.disconnect();
    expect((await failure(call)).code).toBe(Code.Unavailable);
    expect(((await serverReason.promise) as RpcError).code).toBe(Code.Unavailable);
  });

  test("a server reset is Canceled; two responses to a unary call is Internal", async () => {
    const resetting: CallAcceptor = {
      accept(call) {
        call.reset();
        return { onMessage() {}, onHalfClose() {}, onCancel() {} };
      },
    };
    const c1 = createClient(TestService, new MemoryTransport(resetting));
    expect((await failure(c1.echo({}))).code).toBe(Code.Canceled);

    const chatty: CallAcceptor = {
      accept(call) {
        call.sendHeaders(encodeResponseHeaders(undefined, 8192));
        const bytes = TestMessage.encode({ text: "", n: 1 });
        void call.send(bytes);
        void call.send(bytes);
        call.close(encodeTrailers(0, "", [], undefined, 8192));
        return { onMessage() {}, onHalfClose() {}, onCancel() {} };
      },
    };
    const e = await failure(createClient(TestService, new MemoryTransport(chatty)).echo({}));
    expect(e.code).toBe(Code.Internal);
    expect(e.message).toContain("more than one");
  });

  test("OK without a response message to a unary call is Internal; malformed trailers are Internal", async () => {
    const empty: CallAcceptor = {
      accept(call) {
        call.close(encodeTrailers(0, "", [], undefined, 8192));
        return { onMessage() {}, onHalfClose() {}, onCancel() {} };
      },
    };
    expect((await failure(createClient(TestService, new MemoryTransport(empty)).echo({}))).code).toBe(Code.Internal);
    const garbage: CallAcceptor = {
      accept(call) {
        call.close(new Uint8Array([0x42]));
        return { onMessage() {}, onHalfClose() {}, onCancel() {} };
      },
    };
    expect((await failure(createClient(TestService, new MemoryTransport(garbage)).echo({}))).code).toBe(Code.Internal);
  });
});

describe("messages from the transport", () => {
  /** A transport that answers every call with the given messages at once, each `[start, end)` of a larger buffer. */
  function pushing(messages: readonly TestMessage[], ignoreDemand: boolean): Transport {
    return {
      openCall(_open, listener) {
        let sent = 0;
        const send = (n: number): void => {
          while (sent < messages.length && n-- > 0) {
            const bytes = TestMessage.encode(messages[sent++]!);
            const framed = new Uint8Array(bytes.length + 7).fill(0x7b); // stray "{" around it
            framed.set(bytes, 3);
            listener.onMessage(framed, 3, 3 + bytes.length);
          }
          if (sent === messages.length) listener.onTrailers(encodeTrailers(0, "", [], undefined, 8192));
        };
        queueMicrotask(() => listener.onHeaders(encodeResponseHeaders(undefined, 8192)));
        return { request: (n) => queueMicrotask(() => send(ignoreDemand ? Infinity : n)), send: () => undefined, end() {}, cancel() {} };
      },
    };
  }

  test("a message is decoded from its range of the transport's buffer, even by a codec that only decodes whole arrays", async () => {
    const got: number[] = [];
    for await (const m of createClient(TestService, pushing([{ text: "a", n: 1 }, { text: "b", n: 2 }], false)).count({})) got.push(m.n);
    expect(got).toEqual([1, 2]);
  });

  test("a transport delivering more than was requested fails the call with Internal", async () => {
    const error = await failure(
      (async () => {
        for await (const _ of createClient(TestService, pushing([{ text: "a", n: 1 }, { text: "b", n: 2 }], true)).count({})) void _;
      })(),
    );
    expect(error.code).toBe(Code.Internal);
    expect(error.message).toContain("not requested");
  });
});

describe("transport availability", () => {
  test("calls the server never processed are retried transparently, a bounded number of times", async () => {
    const { client, transport } = createMemoryPair(TestService, { echo: async (r) => r });
    transport.refuseNext(1);
    expect((await client.echo({ n: 5 })).n).toBe(5);
    expect(transport.opened).toBe(2);
    transport.refuseNext(10);
    expect((await failure(client.echo({}))).code).toBe(Code.Unavailable);
    expect(transport.opened).toBe(2 + 3);
  });

  test("fail fast when not connected, unless waitForReady", async () => {
    const { client, transport } = createMemoryPair(TestService, { echo: async (r) => r }, {
      transport: { connected: false },
      client: { maxTransparentRetries: 0 },
    });
    expect((await failure(client.echo({}))).code).toBe(Code.Unavailable);
    const waiting = client.echo({ n: 9 }, { waitForReady: true });
    transport.connect();
    expect((await waiting).n).toBe(9);
  });
});

describe("metadata end to end", () => {
  test("request metadata, response headers and trailers, including -bin values", async () => {
    const bin = new Uint8Array([0, 1, 254, 255]);
    const { client } = createMemoryPair(TestService, {
      async echo(req, ctx) {
        ctx.setHeader("x-echo", ctx.metadata.get("x-user") ?? "");
        ctx.setHeader("x-bin", ctx.metadata.getBinary("trace-bin") ?? new Uint8Array());
        ctx.setTrailer("x-trailer", "t");
        ctx.setTrailer("y-bin", bin);
        expect(ctx.peer).toBe("memory");
        return req;
      },
    });
    let header: Metadata | undefined;
    let trailer: Metadata | undefined;
    await client.echo(
      {},
      { metadata: { "X-User": "7", "trace-bin": bin }, onHeader: (h) => (header = h), onTrailer: (t) => (trailer = t) },
    );
    expect(header?.get("x-echo")).toBe("7");
    expect(header?.getBinary("x-bin")).toEqual(bin);
    expect(trailer?.get("x-trailer")).toBe("t");
    expect(trailer?.getBinary("y-bin")).toEqual(bin);
  });

  test("headers set after the first streamed message are ignored; errors carry trailers", async () => {
    let header: Metadata | undefined;
    const { client } = createMemoryPair(TestService, {
      async *count(_req, ctx) {
        ctx.setHeader("early", "1");
        yield { n: 1 };
        ctx.setHeader("late", "1");
        ctx.setTrailer("x-t", "v");
        throw new RpcError(Code.DataLoss, "lost", { metadata: { "x-e": "w" } });
      },
    });
    const e = await failure(
      (async () => {
        for await (const _ of client.count({}, { onHeader: (h) => (header = h) }));
      })(),
    );
    expect(header?.has("early")).toBe(true);
    expect(header?.has("late")).toBe(false);
    expect(e.code).toBe(Code.DataLoss);
    expect(e.metadata.get("x-t")).toBe("v");
    expect(e.metadata.get("x-e")).toBe("w");
    expect(e.metadata.get("early")).toBe("1");
  });

  test("bad request metadata fails the call with InvalidArgument before sending", async () => {
    const { client, transport } = createMemoryPair(TestService, { echo: async (r) => r });
    expect((await failure(client.echo({}, { metadata: { "x-a": "é" } }))).code).toBe(Code.InvalidArgument);
    expect(transport.opened).toBe(0);
  });
});

describe("server shutdown", () => {
  test("cancelling in-flight streams aborts ctx.signal for streaming kinds and fails the clients", async () => {
    const reasons: Promise<unknown>[] = [];
    const started = { count: 0, all: Promise.withResolvers<void>() };
    const markStarted = () => {
      if (++started.count === 2) started.all.resolve();
    };
    const { client, transport } = createMemoryPair(TestService, {
      async *count(_req, ctx) {
        reasons.push(aborted(ctx.signal));
        markStarted();
        yield { n: 1 };
        await aborted(ctx.signal);
      },
      async *chat(reqs, ctx) {
        reasons.push(aborted(ctx.signal));
        markStarted();
        for await (const r of reqs) yield r;
      },
    });
    async function* never(): AsyncGenerator<Partial<TestMessage>> {
      yield { n: 1 };
      await new Promise(() => {});
    }
    const drain = async (it: AsyncIterable<unknown>) => {
      for await (const _ of it);
    };
    const calls = [failure(drain(client.count({}))), failure(drain(client.chat(never())))];
    await started.all.promise;
    transport.disconnect("server shutting down");
    for (const e of await Promise.all(calls)) expect(e.code).toBe(Code.Unavailable);
    for (const r of await Promise.all(reasons)) expect((r as RpcError).message).toBe("server shutting down");
  });
});

describe("cancel reason on the transport", () => {
  /** A transport that never answers and records why each call was cancelled. */
  function recording() {
    const reasons: (string | undefined)[] = [];
    const transport = {
      openCall: () => ({ request() {}, send: () => undefined, end() {}, cancel: (reason?: string) => void reasons.push(reason) }),
    };
    return { reasons, client: createClient(TestService, transport) };
  }

  test("an expired deadline resets with \"deadline\", anything else with \"cancel\"", async () => {
    const { reasons, client } = recording();
    expect((await failure(client.echo({}, { timeoutMs: 5 }))).code).toBe(Code.DeadlineExceeded);
    const controller = new AbortController();
    const call = failure(client.echo({}, { signal: controller.signal }));
    controller.abort();
    expect((await call).code).toBe(Code.Canceled);
    expect(reasons).toEqual(["deadline", "cancel"]);
  });
});
