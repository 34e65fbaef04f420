import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { SpanKind, SpanStatusCode, metrics, trace } from "@opentelemetry/api";
import { Code, RpcError } from "@strand/rpc";
import { createMemoryPair, TestService, type TestMessage } from "@strand/rpc/testing";
import { durationMs, installOtelGlobals, OtelHarness, parentId } from "../test/sdk-harness.ts";
import { otelClientInterceptor, otelServerInterceptor, type OtelServerOptions } from "./index.ts";

let uninstall: () => void;
beforeAll(() => {
  uninstall = installOtelGlobals();
});
afterAll(() => uninstall());

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const handlers = {
  async echo(req: TestMessage) {
    if (req.text === "missing") throw new RpcError(Code.NotFound, "no such thing");
    if (req.text === "bug") throw new TypeError("handler bug");
    return req;
  },
  async *count(req: TestMessage) {
    for (let i = 0; i < req.n; i++) {
      await sleep(10);
      yield { n: i };
    }
  },
  async sum(reqs: AsyncIterable<TestMessage>) {
    let n = 0;
    for await (const r of reqs) n += r.n;
    return { n };
  },
  async *chat(reqs: AsyncIterable<TestMessage>) {
    for await (const r of reqs) yield r;
  },
};

/** A client and a server in one process, both instrumented, reporting to a fresh harness. */
function instrumented(server: Omit<OtelServerOptions, "tracerProvider" | "meterProvider"> = { trustIncomingContext: true }, messageEvents = false) {
  const otel = new OtelHarness();
  const providers = { tracerProvider: otel.tracerProvider, meterProvider: otel.meterProvider, messageEvents };
  const pair = createMemoryPair(TestService, handlers, {
    client: { interceptors: [otelClientInterceptor(providers)] },
    server: { interceptors: [otelServerInterceptor({ ...providers, ...server })], logger: { error() {} } }, // the "bug" case logs by design
  });
  return { otel, client: pair.client };
}

describe("otel interceptors (in-memory transport)", () => {
  test("a unary call: a CLIENT span and its SERVER child in one trace, named and attributed per the RPC conventions", async () => {
    const { otel, client } = instrumented();
    expect(await client.echo({ text: "hi" })).toEqual({ text: "hi", n: 0 });
    const clientSpan = otel.span("strand.test.v1.Test/Echo", SpanKind.CLIENT);
    const serverSpan = otel.span("strand.test.v1.Test/Echo", SpanKind.SERVER);
    expect(serverSpan.spanContext().traceId).toBe(clientSpan.spanContext().traceId);
    expect(parentId(serverSpan)).toBe(clientSpan.spanContext().spanId);
    expect(parentId(clientSpan)).toBeUndefined();
    for (const span of [clientSpan, serverSpan]) {
      expect(span.attributes).toMatchObject({ "rpc.system.name": "strand", "rpc.method": "strand.test.v1.Test/Echo", "rpc.status_code": "OK" });
      expect(span.attributes["error.type"]).toBeUndefined();
      expect(span.status.code).toBe(SpanStatusCode.UNSET);
      expect(span.instrumentationScope.name).toBe("@strand/otel");
    }
    // The memory transport has no target and its peer is no address: neither is invented.
    expect(clientSpan.attributes["server.address"]).toBeUndefined();
    expect(serverSpan.attributes["network.peer.address"]).toBeUndefined();
  });

  test("each call records one duration histogram point per side, in seconds, with the status and the span's duration", async () => {
    const { otel, client } = instrumented();
    await client.echo({});
    await client.echo({});
    for (const name of ["rpc.client.call.duration", "rpc.server.call.duration"]) {
      const reading = await otel.histogram(name);
      expect(reading?.unit).toBe("s");
      expect(reading?.points).toHaveLength(1);
      const point = reading!.points[0]!;
      expect(point.attributes).toEqual({ "rpc.system.name": "strand", "rpc.method": "strand.test.v1.Test/Echo", "rpc.status_code": "OK" });
      expect(point.value.count).toBe(2);
      expect(point.value.sum).toBeGreaterThan(0);
      expect(point.value.sum).toBeLessThan(1);
      expect(point.value.buckets.boundaries).toEqual([0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10]);
    }
    const clientSpans = otel.spans().filter((s) => s.kind === SpanKind.CLIENT);
    const reading = await otel.histogram("rpc.client.call.duration");
    const spanSeconds = clientSpans.reduce((sum, s) => sum + durationMs(s), 0) / 1000;
    expect(reading!.points[0]!.value.sum).toBeCloseTo(spanSeconds, 5);
  });

  test("NotFound: client span ERROR with error.type, server span UNSET (not a server fault); a thrown bug is INTERNAL and ERROR on both", async () => {
    const { otel, client } = instrumented();
    await expect(client.echo({ text: "missing" })).rejects.toMatchObject({ code: Code.NotFound });
    let clientSpan = otel.span("strand.test.v1.Test/Echo", SpanKind.CLIENT);
    let serverSpan = otel.span("strand.test.v1.Test/Echo", SpanKind.SERVER);
    expect(clientSpan.status).toEqual({ code: SpanStatusCode.ERROR, message: "no such thing" });
    expect(clientSpan.attributes).toMatchObject({ "rpc.status_code": "NOT_FOUND", "error.type": "NOT_FOUND" });
    expect(serverSpan.status.code).toBe(SpanStatusCode.UNSET);
    expect(serverSpan.attributes["rpc.status_code"]).toBe("NOT_FOUND");
    expect(serverSpan.attributes["error.type"]).toBeUndefined();
    const serverPoint = (await otel.histogram("rpc.server.call.duration"))!.points[0]!;
    expect(serverPoint.attributes).toEqual({ "rpc.system.name": "strand", "rpc.method": "strand.test.v1.Test/Echo", "rpc.status_code": "NOT_FOUND" });
    const clientPoint = (await otel.histogram("rpc.client.call.duration"))!.points[0]!;
    expect(clientPoint.attributes["error.type"]).toBe("NOT_FOUND");

    otel.exporter.reset();
    await expect(client.echo({ text: "bug" })).rejects.toMatchObject({ code: Code.Internal });
    clientSpan = otel.span("strand.test.v1.Test/Echo", SpanKind.CLIENT);
    serverSpan = otel.span("strand.test.v1.Test/Echo", SpanKind.SERVER);
    expect(clientSpan.attributes).toMatchObject({ "rpc.status_code": "INTERNAL", "error.type": "INTERNAL" });
    expect(serverSpan.attributes).toMatchObject({ "rpc.status_code": "INTERNAL", "error.type": "INTERNAL" });
    expect(serverSpan.status).toEqual({ code: SpanStatusCode.ERROR, message: "handler bug" });
    // The bug's stack stays with the server's span (never with the client, which saw "internal error").
    expect(serverSpan.events.map((e) => e.name)).toEqual(["exception"]);
    expect(serverSpan.events[0]!.attributes?.["exception.type"]).toBe("TypeError");
    expect(clientSpan.status.message).toBe("internal error");
  });

  test("all four call kinds: one span per side each, and a stream's span ends with the stream", async () => {
    const { otel, client } = instrumented();
    const started = performance.now();
    const counted: number[] = [];
    for await (const m of client.count({ n: 3 })) counted.push(m.n);
    const countMs = performance.now() - started;
    expect(counted).toEqual([0, 1, 2]);
    expect((await client.sum([{ n: 1 }, { n: 2 }])).n).toBe(3);
    const chatted: number[] = [];
    for await (const m of client.chat([{ n: 4 }, { n: 5 }])) chatted.push(m.n);
    expect(chatted).toEqual([4, 5]);
    await client.echo({});
    const spans = await otel.waitForSpans(8);
    const names = spans.map((s) => `${s.kind === SpanKind.CLIENT ? "client" : "server"} ${s.name}`).sort();
    expect(names).toEqual([
      "client strand.test.v1.Test/Chat",
      "client strand.test.v1.Test/Count",
      "client strand.test.v1.Test/Echo",
      "client strand.test.v1.Test/Sum",
      "server strand.test.v1.Test/Chat",
      "server strand.test.v1.Test/Count",
      "server strand.test.v1.Test/Echo",
      "server strand.test.v1.Test/Sum",
    ]);
    // Count's handler sleeps 10 ms before each of 3 messages: both spans cover all of it, not just the headers.
    const countClient = otel.span("strand.test.v1.Test/Count", SpanKind.CLIENT);
    const countServer = otel.span("strand.test.v1.Test/Count", SpanKind.SERVER);
    expect(durationMs(countServer)).toBeGreaterThanOrEqual(25);
    expect(durationMs(countClient)).toBeGreaterThanOrEqual(durationMs(countServer));
    expect(durationMs(countClient)).toBeLessThanOrEqual(countMs + 1);
    for (const span of spans) expect(span.attributes["rpc.status_code"]).toBe("OK");
    const clientPoints = (await otel.histogram("rpc.client.call.duration"))!.points;
    expect(clientPoints.map((p) => p.attributes["rpc.method"]).sort()).toEqual(["strand.test.v1.Test/Chat", "strand.test.v1.Test/Count", "strand.test.v1.Test/Echo", "strand.test.v1.Test/Sum"]);
  });

  test("a streaming handler's body runs with the server span active, message after message", async () => {
    const otel = new OtelHarness();
    const providers = { tracerProvider: otel.tracerProvider, meterProvider: otel.meterProvider };
    const seen: (string | undefined)[] = [];
    const { client } = createMemoryPair(
      TestService,
      {
        async *count(req) {
          for (let i = 0; i < req.n; i++) {
            seen.push(trace.getActiveSpan()?.spanContext().spanId);
            await sleep(1);
            seen.push(trace.getActiveSpan()?.spanContext().spanId);
            yield { n: i };
          }
        },
        async *chat(reqs) {
          for await (const r of reqs) {
            seen.push(trace.getActiveSpan()?.spanContext().spanId);
            yield r;
          }
        },
      },
      { server: { interceptors: [otelServerInterceptor(providers)] } },
    );
    for await (const _ of client.count({ n: 3 }));
    for await (const _ of client.chat([{ n: 1 }, { n: 2 }]));
    const countId = otel.span("strand.test.v1.Test/Count", SpanKind.SERVER).spanContext().spanId;
    const chatId = otel.span("strand.test.v1.Test/Chat", SpanKind.SERVER).spanContext().spanId;
    expect(seen).toEqual([countId, countId, countId, countId, countId, countId, chatId, chatId]);
  });

  test("trustIncomingContext off (the default): the server span starts a new trace, linked to the caller's span", async () => {
    const { otel, client } = instrumented({});
    await client.echo({});
    const clientSpan = otel.span("strand.test.v1.Test/Echo", SpanKind.CLIENT);
    const serverSpan = otel.span("strand.test.v1.Test/Echo", SpanKind.SERVER);
    expect(serverSpan.spanContext().traceId).not.toBe(clientSpan.spanContext().traceId);
    expect(parentId(serverSpan)).toBeUndefined();
    expect(serverSpan.links).toHaveLength(1);
    expect(serverSpan.links[0]!.context.traceId).toBe(clientSpan.spanContext().traceId);
    expect(serverSpan.links[0]!.context.spanId).toBe(clientSpan.spanContext().spanId);
  });

  test("a caller without tracing: the server span is a root without links", async () => {
    const otel = new OtelHarness();
    const { client } = createMemoryPair(TestService, handlers, {
      server: { interceptors: [otelServerInterceptor({ tracerProvider: otel.tracerProvider, meterProvider: otel.meterProvider, trustIncomingContext: true })] },
    });
    await client.echo({});
    const span = otel.span("strand.test.v1.Test/Echo", SpanKind.SERVER);
    expect(parentId(span)).toBeUndefined();
    expect(span.links).toEqual([]);
  });

  test("messageEvents: one rpc.message event per streamed message and direction, none for single messages", async () => {
    const { otel, client } = instrumented({ trustIncomingContext: true }, true);
    for await (const _ of client.chat([{ n: 1 }, { n: 2 }]));
    await client.echo({});
    const events = (kind: SpanKind, name: string) =>
      otel.span(name, kind).events.map((e) => `${String(e.attributes?.["rpc.message.type"])} ${String(e.attributes?.["rpc.message.id"])}`);
    expect(events(SpanKind.CLIENT, "strand.test.v1.Test/Chat").sort()).toEqual(["RECEIVED 1", "RECEIVED 2", "SENT 1", "SENT 2"]);
    expect(events(SpanKind.SERVER, "strand.test.v1.Test/Chat").sort()).toEqual(["RECEIVED 1", "RECEIVED 2", "SENT 1", "SENT 2"]);
    expect(otel.span("strand.test.v1.Test/Chat", SpanKind.CLIENT).events.every((e) => e.name === "rpc.message")).toBe(true);
    expect(events(SpanKind.CLIENT, "strand.test.v1.Test/Echo")).toEqual([]);
    expect(events(SpanKind.SERVER, "strand.test.v1.Test/Echo")).toEqual([]);
  });

  test("a client that stops reading: CANCELLED on both spans, an error only on the client's", async () => {
    const { otel, client } = instrumented();
    for await (const m of client.count({ n: 100 })) if (m.n === 1) break;
    const [first, second] = await otel.waitForSpans(2);
    const clientSpan = [first!, second!].find((s) => s.kind === SpanKind.CLIENT)!;
    const serverSpan = [first!, second!].find((s) => s.kind === SpanKind.SERVER)!;
    expect(clientSpan.attributes).toMatchObject({ "rpc.status_code": "CANCELLED", "error.type": "CANCELLED" });
    expect(clientSpan.status.code).toBe(SpanStatusCode.ERROR);
    expect(serverSpan.attributes["rpc.status_code"]).toBe("CANCELLED");
    expect(serverSpan.status.code).toBe(SpanStatusCode.UNSET);
  });

  test("a handler that outlives its deadline: DEADLINE_EXCEEDED, an error on the server span too", async () => {
    const otel = new OtelHarness();
    const providers = { tracerProvider: otel.tracerProvider, meterProvider: otel.meterProvider };
    const { client } = createMemoryPair(
      TestService,
      {
        async echo(req) {
          await sleep(60); // ignores ctx.signal on purpose
          return req;
        },
      },
      { client: { interceptors: [otelClientInterceptor(providers)] }, server: { interceptors: [otelServerInterceptor(providers)] } },
    );
    await expect(client.echo({}, { timeoutMs: 20 })).rejects.toMatchObject({ code: Code.DeadlineExceeded });
    await otel.waitForSpans(2);
    for (const kind of [SpanKind.CLIENT, SpanKind.SERVER]) {
      const span = otel.span("strand.test.v1.Test/Echo", kind);
      expect(span.attributes).toMatchObject({ "rpc.status_code": "DEADLINE_EXCEEDED", "error.type": "DEADLINE_EXCEEDED" });
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
    }
  });

  test("without providers in the options, the global ones are used — looked up at the first call, so the SDK may start later", async () => {
    const client = otelClientInterceptor();
    const server = otelServerInterceptor({ trustIncomingContext: true });
    const { client: c } = createMemoryPair(TestService, handlers, { client: { interceptors: [client] }, server: { interceptors: [server] } });
    const otel = new OtelHarness();
    expect(trace.setGlobalTracerProvider(otel.tracerProvider)).toBe(true);
    expect(metrics.setGlobalMeterProvider(otel.meterProvider)).toBe(true);
    try {
      await c.echo({});
      const spans = otel.spans();
      expect(spans).toHaveLength(2);
      expect((await otel.histogram("rpc.client.call.duration"))?.points).toHaveLength(1);
      expect((await otel.histogram("rpc.server.call.duration"))?.points).toHaveLength(1);
    } finally {
      trace.disable();
      metrics.disable();
    }
  });

  test("bad options fail when the interceptor is created", () => {
    expect(() => otelServerInterceptor({ trustIncomingContext: "yes" as never })).toThrow(/trustIncomingContext must be a boolean/);
    expect(() => otelClientInterceptor({ messageEvents: 1 as never })).toThrow(/messageEvents must be a boolean/);
    expect(() => otelClientInterceptor({ tracerProvider: {} as never })).toThrow(/tracerProvider must have getTracer/);
    expect(() => otelServerInterceptor({ meterProvider: {} as never })).toThrow(/meterProvider must have getMeter/);
  });
});
