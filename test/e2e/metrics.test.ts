/**
 * `@strand/metrics` over real sockets: calls of the four kinds (with failures) through an
 * instrumented client and server, then the registry's exposition — what `/metrics` serves — is
 * parsed with a strict Prometheus text parser and checked series by series.
 */
import { describe, expect, test } from "bun:test";
import { Registry } from "prom-client";
import { createMetrics } from "@strand/metrics";
import { Code, createChannel, createClient, createServer, RpcError, service, method } from "strand";
import { TestMessage, TestService } from "@strand/rpc/testing";
import { Deferred } from "../support/deferred.ts";
import { listenLocal } from "../support/listen.ts";
import { parsePromText, sampleValue } from "../support/prom-text.ts";

async function* numbers(n: number): AsyncIterable<Partial<TestMessage>> {
  for (let i = 1; i <= n; i++) yield { n: i };
}

const S = "strand.test.v1.Test";

function instrumentedServer(metrics: ReturnType<typeof createMetrics>, held?: { entered: Deferred; release: Deferred }) {
  const server = createServer({ interceptors: [metrics.serverInterceptor], logger: { error() {} } }); // the "bug" case logs by design
  server.add(TestService, {
    async echo(req) {
      if (req.text === "bug") throw new TypeError("handler bug");
      if (req.text === "hold" && held !== undefined) {
        held.entered.resolve();
        await held.release.promise;
      }
      return req;
    },
    async post(req) {
      throw new RpcError(Code.NotFound, `no ${req.text}`);
    },
    async *count(req) {
      for (let i = 0; i < req.n; i++) {
        if (req.text === "slow") await Bun.sleep(20); // still streaming when the client leaves
        yield { n: i, text: "" };
      }
    },
    async sum(reqs) {
      let n = 0;
      for await (const r of reqs) n += r.n;
      return { n, text: "" };
    },
    async *chat(reqs) {
      for await (const r of reqs) yield r;
    },
  });
  metrics.watch(server);
  return server;
}

const scrape = async (registry: Registry) => parsePromText(await registry.metrics());

describe("@strand/metrics over TCP", () => {
  test("counters, codes, messages and histograms of the four call kinds, client and server", async () => {
    const registry = new Registry();
    const metrics = createMetrics({ registry });
    await using server = instrumentedServer(metrics);
    const channel = createChannel(await listenLocal(server));
    try {
      const client = createClient(TestService, channel, { interceptors: [metrics.clientInterceptor] });
      await client.echo({ text: "a" });
      await client.echo({ text: "b" });
      await expect(client.post({ text: "x" })).rejects.toMatchObject({ code: Code.NotFound });
      await expect(client.echo({ text: "bug" })).rejects.toMatchObject({ code: Code.Internal });
      const counted: number[] = [];
      for await (const m of client.count({ n: 3 })) counted.push(m.n);
      expect(counted).toEqual([0, 1, 2]);
      expect((await client.sum(numbers(4))).n).toBe(10);
      const echoed: number[] = [];
      for await (const m of client.chat(numbers(2))) echoed.push(m.n);
      expect(echoed).toEqual([1, 2]);

      const f = await scrape(registry);
      for (const side of ["server", "client"] as const) {
        const p = `strand_${side}_`;
        expect(f.get(`${p}started_total`)?.type).toBe("counter");
        expect(f.get(`${p}handling_seconds`)?.type).toBe("histogram");
        expect(f.get(`${p}in_flight`)?.type).toBe("gauge");
        const echo = { service: S, method: "Echo", type: "unary" };
        expect(sampleValue(f, `${p}started_total`, echo)).toBe(3);
        expect(sampleValue(f, `${p}handled_total`, { ...echo, code: "OK" })).toBe(2);
        expect(sampleValue(f, `${p}handled_total`, { ...echo, code: "INTERNAL" })).toBe(1);
        expect(sampleValue(f, `${p}handled_total`, { service: S, method: "Post", type: "unary", code: "NOT_FOUND" })).toBe(1);
        expect(sampleValue(f, `${p}handling_seconds_count`, echo)).toBe(3);
        expect(sampleValue(f, `${p}handling_seconds_bucket`, { ...echo, le: "+Inf" })).toBe(3);
        expect(sampleValue(f, `${p}in_flight`, { service: S, method: "Echo" })).toBe(0);
        const count = { service: S, method: "Count", type: "server_stream" };
        const sum = { service: S, method: "Sum", type: "client_stream" };
        const chat = { service: S, method: "Chat", type: "bidi_stream" };
        for (const labels of [count, sum, chat]) {
          expect(sampleValue(f, `${p}handled_total`, { ...labels, code: "OK" })).toBe(1);
          expect(sampleValue(f, `${p}handling_seconds_count`, labels)).toBe(1);
        }
        // Requests flow client → server, responses back: each side's sent is the other's received.
        const [out, back] = side === "client" ? ["sent", "received"] : ["received", "sent"];
        expect(sampleValue(f, `${p}msg_${out}_total`, count)).toBe(1);
        expect(sampleValue(f, `${p}msg_${back}_total`, count)).toBe(3);
        expect(sampleValue(f, `${p}msg_${out}_total`, sum)).toBe(4);
        expect(sampleValue(f, `${p}msg_${back}_total`, sum)).toBe(1);
        expect(sampleValue(f, `${p}msg_${out}_total`, chat)).toBe(2);
        expect(sampleValue(f, `${p}msg_${back}_total`, chat)).toBe(2);
      }
    } finally {
      channel.close();
    }
  });

  test("in-flight gauges while a call is held; a reader leaving a stream counts CANCELLED", async () => {
    const metrics = createMetrics();
    const held = { entered: new Deferred(), release: new Deferred() };
    await using server = instrumentedServer(metrics, held);
    const channel = createChannel(await listenLocal(server));
    try {
      const client = createClient(TestService, channel, { interceptors: [metrics.clientInterceptor] });
      const call = client.echo({ text: "hold" });
      await held.entered.promise;
      let f = await scrape(metrics.registry);
      expect(sampleValue(f, "strand_server_in_flight", { service: S, method: "Echo" })).toBe(1);
      expect(sampleValue(f, "strand_client_in_flight", { service: S, method: "Echo" })).toBe(1);
      expect(sampleValue(f, "strand_server_handlers_running")).toBe(1);
      expect(sampleValue(f, "strand_server_streams")).toBe(1);
      held.release.resolve();
      await call;
      for await (const m of client.count({ n: 50, text: "slow" })) if (m.n === 1) break;
      f = await scrape(metrics.registry);
      expect(sampleValue(f, "strand_server_in_flight", { service: S, method: "Echo" })).toBe(0);
      expect(sampleValue(f, "strand_client_in_flight", { service: S, method: "Echo" })).toBe(0);
      expect(sampleValue(f, "strand_client_handled_total", { service: S, method: "Count", code: "CANCELLED" })).toBe(1);
      expect(sampleValue(f, "strand_client_in_flight", { service: S, method: "Count" })).toBe(0);
      // The server learns of the cancel over the wire: its record ends then, once.
      for (let i = 0; i < 100 && sampleValue(await scrape(metrics.registry), "strand_server_in_flight", { service: S, method: "Count" }) !== 0; i++) await Bun.sleep(10);
      f = await scrape(metrics.registry);
      expect(sampleValue(f, "strand_server_in_flight", { service: S, method: "Count" })).toBe(0);
      expect(sampleValue(f, "strand_server_handled_total", { service: S, method: "Count", code: "CANCELLED" })).toBe(1);
      expect(sampleValue(f, "strand_server_started_total", { service: S, method: "Count" })).toBe(1);
    } finally {
      channel.close();
    }
  });

  test("connection figures of a server with two clients, and watched channels by state", async () => {
    const metrics = createMetrics();
    await using server = instrumentedServer(metrics);
    const target = await listenLocal(server);
    const channels = [createChannel(target), createChannel(target)];
    const stops = channels.map((c) => metrics.watch(c));
    try {
      let f = await scrape(metrics.registry);
      expect(sampleValue(f, "strand_client_channels", { state: "idle" })).toBe(2);
      for (const c of channels) await createClient(TestService, c).echo({ text: "hi" });
      f = await scrape(metrics.registry);
      expect(sampleValue(f, "strand_server_connections")).toBe(2);
      expect(sampleValue(f, "strand_server_handlers_running")).toBe(0);
      expect(sampleValue(f, "strand_server_streams")).toBe(0);
      expect(sampleValue(f, "strand_server_connections_draining")).toBe(0);
      expect(sampleValue(f, "strand_server_connections_goaway_received")).toBe(0);
      expect(sampleValue(f, "strand_server_connections_read_paused")).toBe(0);
      expect(sampleValue(f, "strand_server_unwritten_bytes")).toBe(0);
      expect(sampleValue(f, "strand_server_queued_control_frames")).toBe(0);
      expect(sampleValue(f, "strand_client_channels", { state: "ready" })).toBe(2);
      channels[0]!.close();
      f = await scrape(metrics.registry);
      expect(sampleValue(f, "strand_client_channels", { state: "shutdown" })).toBe(1);
      expect(sampleValue(f, "strand_client_channels", { state: "ready" })).toBe(1);
      stops[0]!();
      f = await scrape(metrics.registry);
      expect(sampleValue(f, "strand_client_channels", { state: "shutdown" })).toBe(0);
    } finally {
      for (const c of channels) c.close();
    }
  });

  test("connection counters: bytes, GOAWAYs and resets, kept once the connection is gone", async () => {
    const metrics = createMetrics();
    await using server = instrumentedServer(metrics);
    const channel = createChannel(await listenLocal(server));
    const client = createClient(TestService, channel);
    await client.echo({ text: "x".repeat(10_000) });
    const stream = client.count({ n: 1000, text: "slow" });
    for await (const _ of stream) break; // leaving the loop cancels: RST_STREAM to the server
    channel.close();
    for (let i = 0; i < 200 && server.connections > 0; i++) await Bun.sleep(5);
    const f = await scrape(metrics.registry);
    const totals = server.connectionTotals;
    expect(sampleValue(f, "strand_server_connections_opened_total")).toBe(1);
    expect(sampleValue(f, "strand_server_connections_closed_total")).toBe(1);
    expect(sampleValue(f, "strand_server_received_bytes_total")).toBe(totals.bytesReceived);
    expect(totals.bytesReceived).toBeGreaterThan(10_000);
    expect(sampleValue(f, "strand_server_sent_bytes_total")).toBe(totals.bytesSent);
    expect(totals.bytesSent).toBeGreaterThan(10_000);
    expect(sampleValue(f, "strand_server_goaways_total", { direction: "received" })).toBeGreaterThanOrEqual(1);
    expect(sampleValue(f, "strand_server_stream_resets_total", { direction: "received" })).toBe(1);
    expect(sampleValue(f, "strand_server_pings_total", { direction: "sent" })).toBe(totals.pingsSent);
    expect(sampleValue(f, "strand_server_flow_control_stalls_total", { window: "stream" })).toBe(totals.streamWindowStalls);
    expect(sampleValue(f, "strand_server_flow_control_stalls_total", { window: "connection" })).toBe(totals.connectionWindowStalls);
  });

  test("a graceful close shows the connection draining while its call finishes", async () => {
    const metrics = createMetrics();
    const held = { entered: new Deferred(), release: new Deferred() };
    await using server = instrumentedServer(metrics, held);
    const channel = createChannel(await listenLocal(server));
    try {
      const call = createClient(TestService, channel).echo({ text: "hold" });
      await held.entered.promise;
      const closed = server.close({ gracePeriodMs: 5_000 });
      let f = await scrape(metrics.registry);
      for (let i = 0; i < 100 && sampleValue(f, "strand_server_connections_draining") === 0; i++) {
        await Bun.sleep(10);
        f = await scrape(metrics.registry);
      }
      expect(sampleValue(f, "strand_server_connections_draining")).toBe(1);
      expect(sampleValue(f, "strand_server_connections")).toBe(1);
      expect(sampleValue(f, "strand_server_streams")).toBe(1);
      held.release.resolve();
      await call;
      await closed;
      f = await scrape(metrics.registry);
      expect(sampleValue(f, "strand_server_connections")).toBe(0);
      expect(sampleValue(f, "strand_server_handled_total", { service: S, method: "Echo", code: "OK" })).toBe(1);
    } finally {
      channel.close();
    }
  });

  test("calls to methods the server does not serve add no server series (bounded labels)", async () => {
    const metrics = createMetrics();
    await using server = instrumentedServer(metrics);
    const channel = createChannel(await listenLocal(server));
    try {
      const Other = service("strand.test.v1.Other", { ping: method("strand.test.v1.Other", "Ping", "unary", TestMessage, TestMessage) });
      const client = createClient(Other, channel, { interceptors: [metrics.clientInterceptor] });
      await expect(client.ping({})).rejects.toMatchObject({ code: Code.Unimplemented });
      const f = await scrape(metrics.registry);
      expect(f.get("strand_server_started_total")?.samples).toEqual([]);
      expect(sampleValue(f, "strand_client_handled_total", { service: "strand.test.v1.Other", method: "Ping", code: "UNIMPLEMENTED" })).toBe(1);
    } finally {
      channel.close();
    }
  });
});
