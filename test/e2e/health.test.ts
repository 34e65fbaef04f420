/**
 * Issue 17: `grpc.health.v1.Health` served by every server from `server.health`, with gRPC's
 * semantics (Check NOT_FOUND for unknown services, Watch's SERVICE_UNKNOWN without ending, List),
 * the overall status following the server's life — and a watcher told NOT_SERVING before the
 * GOAWAY of a graceful close, checked on the bytes the server sent.
 */
import { describe, expect, test } from "bun:test";
import { Code, createClient, createServer } from "strand";
import { Health, ServingStatus } from "strand/health";
import { TestService } from "@strand/rpc/testing";
import { FrameDecoder, FrameType, PREFACE_LENGTH } from "@strand/wire/internal";
import { testChannel } from "../support/channel.ts";
import { listenLocal, portOf } from "../support/listen.ts";
import { rpcFailure } from "../support/rpc-failure.ts";
import { TcpProxy } from "../support/tcp-proxy.ts";

/** Reads a watch stream into `seen` as it arrives; `next(n)` resolves once n statuses arrived. */
function collect(stream: AsyncIterable<{ status: ServingStatus }>) {
  const seen: ServingStatus[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const done = (async () => {
    for await (const m of stream) {
      seen.push(m.status);
      for (const w of waiters.filter((w) => seen.length >= w.n)) w.resolve();
    }
  })();
  const next = (n: number) => (seen.length >= n ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ n, resolve })));
  return { seen, next, done };
}

describe("health service", () => {
  test("Check: the server and its services are SERVING once listening; unknown services are NOT_FOUND; set() changes a service's answer", async () => {
    await using server = createServer().add(TestService, { echo: (m) => m });
    using channel = testChannel(await listenLocal(server));
    const health = createClient(Health, channel);
    expect((await health.check({ service: "" })).status).toBe(ServingStatus.SERVING);
    expect((await health.check({ service: TestService.typeName })).status).toBe(ServingStatus.SERVING);
    const unknown = await rpcFailure(health.check({ service: "no.such.Service" }));
    expect([unknown.code, unknown.message]).toEqual([Code.NotFound, 'unknown service "no.such.Service"']);
    server.health.set(TestService.typeName, "NOT_SERVING");
    expect((await health.check({ service: TestService.typeName })).status).toBe(ServingStatus.NOT_SERVING);
    server.health.set("acme.Custom", ServingStatus.SERVING);
    const listed = await health.list({});
    expect(Object.fromEntries(Object.entries(listed.statuses).map(([k, v]) => [k, v.status]))).toEqual({
      "": ServingStatus.SERVING,
      [TestService.typeName]: ServingStatus.NOT_SERVING,
      "acme.Custom": ServingStatus.SERVING,
    });
    server.health.remove("acme.Custom");
    expect((await rpcFailure(health.check({ service: "acme.Custom" }))).code).toBe(Code.NotFound);
  });

  test("Watch: the current status at once, SERVICE_UNKNOWN without ending, then every change", async () => {
    await using server = createServer();
    using channel = testChannel(await listenLocal(server));
    const watch = collect(createClient(Health, channel).watch({ service: "acme.Late" }));
    await watch.next(1);
    server.health.set("acme.Late", "SERVING");
    await watch.next(2);
    server.health.set("acme.Late", "NOT_SERVING");
    await watch.next(3);
    server.health.remove("acme.Late");
    await watch.next(4);
    expect(watch.seen).toEqual([ServingStatus.SERVICE_UNKNOWN, ServingStatus.SERVING, ServingStatus.NOT_SERVING, ServingStatus.SERVICE_UNKNOWN]);
    await server.close();
    await watch.done; // the watch ended cleanly (OK) when the server drained
  });

  test("a graceful close: the watcher's NOT_SERVING is on the wire before the GOAWAY, and set() is ignored from then on", async () => {
    await using server = createServer({ gracePeriodMs: 600_000 });
    const order: string[] = [];
    const decoder = new FrameDecoder(1 << 24);
    let skip = PREFACE_LENGTH;
    using proxy = new TcpProxy(portOf(await listenLocal(server)), (chunk) => {
      const rest = chunk.subarray(Math.min(skip, chunk.length));
      skip -= chunk.length - rest.length;
      decoder.push(rest);
      for (let f = decoder.next(); f !== undefined; f = decoder.next()) {
        if (f.type === FrameType.Data && f.streamId !== 0) order.push(`DATA ${f.streamId}`);
        if (f.type === FrameType.GoAway) order.push("GOAWAY");
      }
    });
    using channel = testChannel(proxy.target);
    const watch = collect(createClient(Health, channel).watch({ service: "" }));
    await watch.next(1);
    const before = order.length;
    await server.close();
    await watch.done;
    expect(watch.seen).toEqual([ServingStatus.SERVING, ServingStatus.NOT_SERVING]);
    expect(order.slice(before)[0]).toMatch(/^DATA /);
    expect(order).toContain("GOAWAY");
    server.health.set("", "SERVING");
    expect(server.health.get("")).toBe(ServingStatus.NOT_SERVING);
  });

  test("createServer({ health: false }) serves no health service; bad values are refused at construction", async () => {
    await using server = createServer({ health: false });
    using channel = testChannel(await listenLocal(server));
    expect((await rpcFailure(createClient(Health, channel).check({ service: "" }))).code).toBe(Code.Unimplemented);
    expect(() => createServer({ health: "yes" as unknown as boolean })).toThrow("health must be a boolean");
    expect(() => server.health.set("x", "BUSY" as "SERVING")).toThrow('status must be "SERVING", "NOT_SERVING" or "UNKNOWN", got "BUSY"');
  });
});
