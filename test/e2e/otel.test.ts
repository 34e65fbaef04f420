/**
 * OpenTelemetry across two hops over real sockets: a client calls service A, whose handlers call
 * service B. Each of the three "processes" has its own SDK (tracer and meter provider with
 * in-memory export), as separate services would; the process-wide context manager and W3C
 * propagator are installed once, as the SDK's `register()` does.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { otelClientInterceptor, otelServerInterceptor } from "@strand/otel";
import { TestService, type TestMessage } from "@strand/rpc/testing";
import { Code, createClient, createServer, RpcError, type Server } from "strand";
import { installOtelGlobals, OtelHarness, parentId } from "../../packages/otel/test/sdk-harness.ts";
import { testChannel } from "../support/channel.ts";
import { listenLocal, portOf } from "../support/listen.ts";
import { rpcFailure } from "../support/rpc-failure.ts";

let uninstall: () => void;
beforeAll(() => {
  uninstall = installOtelGlobals();
});
afterAll(() => uninstall());

const providers = (otel: OtelHarness) => ({ tracerProvider: otel.tracerProvider, meterProvider: otel.meterProvider });

/** Service B: echoes, or fails `NotFound` for the text "missing". */
async function startB(otel: OtelHarness): Promise<{ server: Server; target: string }> {
  const server = createServer({ interceptors: [otelServerInterceptor({ ...providers(otel), trustIncomingContext: true })] }).add(TestService, {
    async echo(req) {
      if (req.text === "missing") throw new RpcError(Code.NotFound, "no such entry");
      return { text: `b:${req.text}`, n: req.n };
    },
  });
  return { server, target: await listenLocal(server) };
}

/** Service A: every call kind asks B (unary) for each message it handles. */
async function startA(otel: OtelHarness, bTarget: string, trustIncomingContext: boolean) {
  const channel = testChannel(bTarget);
  const b = createClient(TestService, channel, { interceptors: [otelClientInterceptor(providers(otel))] });
  const server = createServer({ interceptors: [otelServerInterceptor({ ...providers(otel), trustIncomingContext })] }).add(TestService, {
    echo: (req) => b.echo(req),
    async *count(req) {
      for (let i = 0; i < req.n; i++) yield await b.echo({ text: `count ${i}`, n: i });
    },
    async sum(reqs: AsyncIterable<TestMessage>) {
      let n = 0;
      for await (const r of reqs) n += (await b.echo(r)).n;
      return { n };
    },
    async *chat(reqs) {
      for await (const r of reqs) yield await b.echo(r);
    },
  });
  return { server, channel, target: await listenLocal(server) };
}

/** The three services' spans together, as a tracing backend would see them. */
function allSpans(...harnesses: OtelHarness[]): ReadableSpan[] {
  return harnesses.flatMap((h) => h.spans());
}

describe("OpenTelemetry over TCP: client → service A → service B", () => {
  test("one trace: client → A server → A client → B server, each span named, kinded and attributed", async () => {
    const [caller, aOtel, bOtel] = [new OtelHarness(), new OtelHarness(), new OtelHarness()];
    const b = await startB(bOtel);
    await using _b = b.server;
    const a = await startA(aOtel, b.target, true);
    await using _a = a.server;
    using _ac = a.channel;
    using channel = testChannel(a.target);
    const client = createClient(TestService, channel, { interceptors: [otelClientInterceptor(providers(caller))] });

    expect(await client.echo({ text: "hi", n: 7 })).toEqual({ text: "b:hi", n: 7 });

    const outer = caller.span("strand.test.v1.Test/Echo", SpanKind.CLIENT);
    const aServer = aOtel.span("strand.test.v1.Test/Echo", SpanKind.SERVER);
    const aClient = aOtel.span("strand.test.v1.Test/Echo", SpanKind.CLIENT);
    const bServer = bOtel.span("strand.test.v1.Test/Echo", SpanKind.SERVER);
    const traceIds = new Set(allSpans(caller, aOtel, bOtel).map((s) => s.spanContext().traceId));
    expect(traceIds.size).toBe(1);
    expect(allSpans(caller, aOtel, bOtel)).toHaveLength(4);
    expect(parentId(outer)).toBeUndefined();
    expect(parentId(aServer)).toBe(outer.spanContext().spanId);
    expect(parentId(aClient)).toBe(aServer.spanContext().spanId);
    expect(parentId(bServer)).toBe(aClient.spanContext().spanId);

    for (const span of [outer, aServer, aClient, bServer]) {
      expect(span.attributes).toMatchObject({ "rpc.system.name": "strand", "rpc.method": "strand.test.v1.Test/Echo", "rpc.status_code": "OK" });
      expect(span.status.code).toBe(SpanStatusCode.UNSET);
    }
    // Client spans name the server as the channel's target does; server spans name the peer.
    expect(outer.attributes).toMatchObject({ "server.address": "127.0.0.1", "server.port": portOf(a.target) });
    expect(aClient.attributes).toMatchObject({ "server.address": "127.0.0.1", "server.port": portOf(b.target) });
    for (const span of [aServer, bServer]) {
      expect(span.attributes["network.peer.address"]).toBe("127.0.0.1");
      expect(span.attributes["network.peer.port"]).toBeGreaterThan(0);
      expect(span.attributes["server.address"]).toBeUndefined();
    }
    // Nested in time as in parentage.
    const start = (s: ReadableSpan) => s.startTime[0] * 1e9 + s.startTime[1];
    const end = (s: ReadableSpan) => s.endTime[0] * 1e9 + s.endTime[1];
    expect(start(outer) <= start(aServer) && start(aServer) <= start(aClient) && start(aClient) <= start(bServer)).toBe(true);
    expect(end(bServer) <= end(aClient) && end(aClient) <= end(aServer) && end(aServer) <= end(outer)).toBe(true);

    // Each process recorded its durations in seconds, with the same attributes as its spans.
    const callerPoints = (await caller.histogram("rpc.client.call.duration"))!;
    expect(callerPoints.unit).toBe("s");
    expect(callerPoints.points.map((p) => p.attributes)).toEqual([
      { "rpc.system.name": "strand", "rpc.method": "strand.test.v1.Test/Echo", "server.address": "127.0.0.1", "server.port": portOf(a.target), "rpc.status_code": "OK" },
    ]);
    expect((await aOtel.histogram("rpc.client.call.duration"))!.points[0]!.attributes["server.port"]).toBe(portOf(b.target));
    for (const otel of [aOtel, bOtel]) {
      const server = (await otel.histogram("rpc.server.call.duration"))!;
      expect(server.unit).toBe("s");
      expect(server.points.map((p) => [p.attributes, p.value.count])).toEqual([
        [{ "rpc.system.name": "strand", "rpc.method": "strand.test.v1.Test/Echo", "rpc.status_code": "OK" }, 1],
      ]);
    }
    expect(await caller.histogram("rpc.server.call.duration")).toBeUndefined();
  });

  test("NotFound from B: both client spans ERROR with error.type, both server spans UNSET with the status", async () => {
    const [caller, aOtel, bOtel] = [new OtelHarness(), new OtelHarness(), new OtelHarness()];
    const b = await startB(bOtel);
    await using _b = b.server;
    const a = await startA(aOtel, b.target, true);
    await using _a = a.server;
    using _ac = a.channel;
    using channel = testChannel(a.target);
    const client = createClient(TestService, channel, { interceptors: [otelClientInterceptor(providers(caller))] });

    expect((await rpcFailure(client.echo({ text: "missing" }))).code).toBe(Code.NotFound);
    const outer = caller.span("strand.test.v1.Test/Echo", SpanKind.CLIENT);
    const aClient = aOtel.span("strand.test.v1.Test/Echo", SpanKind.CLIENT);
    for (const span of [outer, aClient]) {
      expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: "no such entry" });
      expect(span.attributes).toMatchObject({ "rpc.status_code": "NOT_FOUND", "error.type": "NOT_FOUND" });
    }
    for (const span of [aOtel.span("strand.test.v1.Test/Echo", SpanKind.SERVER), bOtel.span("strand.test.v1.Test/Echo", SpanKind.SERVER)]) {
      expect(span.status.code).toBe(SpanStatusCode.UNSET);
      expect(span.attributes["rpc.status_code"]).toBe("NOT_FOUND");
      expect(span.attributes["error.type"]).toBeUndefined();
    }
    expect((await caller.histogram("rpc.client.call.duration"))!.points[0]!.attributes).toMatchObject({ "rpc.status_code": "NOT_FOUND", "error.type": "NOT_FOUND" });
    expect((await bOtel.histogram("rpc.server.call.duration"))!.points[0]!.attributes).toEqual({
      "rpc.system.name": "strand",
      "rpc.method": "strand.test.v1.Test/Echo",
      "rpc.status_code": "NOT_FOUND",
    });
  });

  test("A does not trust incoming context: its server span is a new root linked to the caller's span; B's side stays in A's trace", async () => {
    const [caller, aOtel, bOtel] = [new OtelHarness(), new OtelHarness(), new OtelHarness()];
    const b = await startB(bOtel);
    await using _b = b.server;
    const a = await startA(aOtel, b.target, false);
    await using _a = a.server;
    using _ac = a.channel;
    using channel = testChannel(a.target);
    const client = createClient(TestService, channel, { interceptors: [otelClientInterceptor(providers(caller))] });

    await client.echo({ text: "hi" });
    const outer = caller.span("strand.test.v1.Test/Echo", SpanKind.CLIENT);
    const aServer = aOtel.span("strand.test.v1.Test/Echo", SpanKind.SERVER);
    const aClient = aOtel.span("strand.test.v1.Test/Echo", SpanKind.CLIENT);
    const bServer = bOtel.span("strand.test.v1.Test/Echo", SpanKind.SERVER);
    expect(parentId(aServer)).toBeUndefined();
    expect(aServer.spanContext().traceId).not.toBe(outer.spanContext().traceId);
    expect(aServer.links.map((l) => [l.context.traceId, l.context.spanId])).toEqual([[outer.spanContext().traceId, outer.spanContext().spanId]]);
    expect(parentId(aClient)).toBe(aServer.spanContext().spanId);
    expect(parentId(bServer)).toBe(aClient.spanContext().spanId);
    expect(new Set([aServer, aClient, bServer].map((s) => s.spanContext().traceId)).size).toBe(1);
  });

  test("all four call kinds over the two hops: one span per call and side, B's calls children of A's server span of the same kind", async () => {
    const [caller, aOtel, bOtel] = [new OtelHarness(), new OtelHarness(), new OtelHarness()];
    const b = await startB(bOtel);
    await using _b = b.server;
    const a = await startA(aOtel, b.target, true);
    await using _a = a.server;
    using _ac = a.channel;
    using channel = testChannel(a.target);
    const client = createClient(TestService, channel, { interceptors: [otelClientInterceptor(providers(caller))] });

    expect(await client.echo({ text: "e" })).toEqual({ text: "b:e", n: 0 });
    const counted: string[] = [];
    for await (const m of client.count({ n: 2 })) counted.push(m.text);
    expect(counted).toEqual(["b:count 0", "b:count 1"]);
    expect((await client.sum([{ n: 1 }, { n: 2 }, { n: 3 }])).n).toBe(6);
    const chatted: string[] = [];
    for await (const m of client.chat([{ text: "x" }, { text: "y" }])) chatted.push(m.text);
    expect(chatted).toEqual(["b:x", "b:y"]);

    const kinds = ["Echo", "Count", "Sum", "Chat"];
    expect(caller.spans().map((s) => s.name).sort()).toEqual(kinds.map((k) => `strand.test.v1.Test/${k}`).sort());
    const byBCalls: Record<string, number> = { Echo: 1, Count: 2, Sum: 3, Chat: 2 };
    for (const kind of kinds) {
      const name = `strand.test.v1.Test/${kind}`;
      const outer = caller.span(name, SpanKind.CLIENT);
      const aServer = aOtel.span(name, SpanKind.SERVER);
      expect(parentId(aServer)).toBe(outer.spanContext().spanId);
      expect(aServer.spanContext().traceId).toBe(outer.spanContext().traceId);
      // A's calls to B made while handling this call (from a generator, for Count and Chat).
      const children = aOtel.spans().filter((s) => s.kind === SpanKind.CLIENT && parentId(s) === aServer.spanContext().spanId);
      expect(children).toHaveLength(byBCalls[kind]!);
      for (const child of children) {
        expect(child.name).toBe("strand.test.v1.Test/Echo");
        const bServer = bOtel.spans().filter((s) => parentId(s) === child.spanContext().spanId);
        expect(bServer).toHaveLength(1);
        expect(bServer[0]!.spanContext().traceId).toBe(outer.spanContext().traceId);
      }
      // A stream's spans end when the stream does: after every B call A made for it.
      for (const child of children) expect(aServer.endTime[0] * 1e9 + aServer.endTime[1]).toBeGreaterThanOrEqual(child.endTime[0] * 1e9 + child.endTime[1]);
    }
    expect(aOtel.spans()).toHaveLength(4 + 8);
    expect(bOtel.spans()).toHaveLength(8);
    const serverPoints = (await aOtel.histogram("rpc.server.call.duration"))!.points;
    expect(serverPoints.map((p) => p.attributes["rpc.method"]).sort()).toEqual(kinds.map((k) => `strand.test.v1.Test/${k}`).sort());
    expect(serverPoints.every((p) => p.value.count === 1)).toBe(true);
  });
});
