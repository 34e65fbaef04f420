import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Code, RpcError } from "strand";
import { parsePromText } from "../../../test/support/prom-text.ts";
import { oversize, startLiveServer, type LiveServer } from "../test/live-server.ts";
import type { AdminState } from "./admin-state.ts";
import { serveAdmin, trackCalls } from "./index.ts";

let live: LiveServer;
let held: Promise<unknown>;

beforeAll(async () => {
  live = await startLiveServer();
  const [a, b] = live.clients;
  // One call held open on the first connection; a failure and a success on the second.
  held = a!.echo({ text: "hold" }, { timeoutMs: 60_000 });
  await oversize(b!); // first on its connection: see oversize
  await expect(b!.post({ text: "x" })).rejects.toBeInstanceOf(RpcError);
  await b!.echo({ text: "ok" });
});

afterAll(async () => {
  await live?.close();
});

const get = (path: string): Promise<Response> => fetch(new URL(path, live.admin.url));

async function state(): Promise<AdminState> {
  return (await (await get("/api/state")).json()) as AdminState;
}

describe("serveAdmin", () => {
  test("binds to the given host on a free port", () => {
    expect(live.admin.port).toBeGreaterThan(0);
    expect(live.admin.url).toBe(`http://127.0.0.1:${live.admin.port}/`);
  });

  test("/livez answers ok; unknown paths and methods are refused", async () => {
    const live200 = await get("/livez");
    expect([live200.status, await live200.text()]).toEqual([200, "ok\n"]);
    expect((await get("/nope")).status).toBe(404);
    expect((await fetch(new URL("/livez", live.admin.url), { method: "POST" })).status).toBe(405);
  });

  test("/metrics serves the registry in Prometheus' text format", async () => {
    const res = await get("/metrics");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(live.metrics.registry.contentType);
    const families = parsePromText(await res.text());
    expect(families.get("strand_server_connections")?.samples[0]?.value).toBe(2);
    const handled = families.get("strand_server_handled_total")?.samples ?? [];
    expect(handled.some((s) => s.labels["method"] === "Post" && s.labels["code"] === "NOT_FOUND" && s.value === 1)).toBe(true);
  });

  test("/api/state lists listeners, both connections, the held call and the failure", async () => {
    const s = await state();
    expect(s.status).toBe("SERVING");
    expect(s.connections).toBe(2);
    expect(s.listeners?.map((l) => l.connections)).toEqual([2]);
    expect(s.connectionList).toHaveLength(2);
    for (const c of s.connectionList!) {
      expect(c.peer).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(c.state).toBe("open");
      expect(s.now - c.openedAt!).toBeGreaterThanOrEqual(0);
      expect(c.streamWindow).toBeGreaterThan(0);
      expect(c.bytesReceived).toBeGreaterThan(0);
      expect(c.bytesSent).toBeGreaterThan(0);
    }
    expect(s.connectionList!.map((c) => c.streams).sort()).toEqual([0, 1]);
    // The connection whose request was too large carries that as its last error; the other has none.
    const errors = s.connectionList!.map((c) => c.lastError);
    expect(errors.filter((e) => e === undefined)).toHaveLength(1);
    expect(errors.find((e) => e !== undefined)).toEqual({ code: "MessageTooLarge", reason: expect.stringContaining("65536"), initiator: "local", at: expect.any(Number) });
    expect(s.calls?.inFlight).toHaveLength(1);
    const call = s.calls!.inFlight[0]!;
    expect(call.method).toBe("strand.test.v1.Test/Echo");
    expect(call.deadline! - s.now).toBeGreaterThan(50_000);
    expect(s.calls!.failures).toEqual([{ at: expect.any(Number), method: "strand.test.v1.Test/Post", code: "NotFound", message: "no such ledger: 42" }]);
  });

  test("/ serves the self-contained page", async () => {
    const res = await get("/");
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = await res.text();
    expect(html).toContain("<title>Strand admin</title>");
    expect(html).not.toMatch(/(src|href)="?(https?:)?\/\//);
  });

  test("/readyz follows the health status: 200 while SERVING, 503 otherwise", async () => {
    const ok = await get("/readyz");
    expect([ok.status, await ok.text()]).toEqual([200, "SERVING\n"]);
    live.server.health.set("", "NOT_SERVING");
    const down = await get("/readyz");
    expect([down.status, await down.text()]).toEqual([503, "NOT_SERVING\n"]);
    live.server.health.set("", "SERVING");
    expect((await get("/readyz")).status).toBe(200);
  });

  test("a graceful close makes /readyz 503 while in-flight calls finish; the held call ends", async () => {
    const closing = live.server.close({ gracePeriodMs: 10_000 });
    expect((await get("/readyz")).status).toBe(503);
    const s = await state();
    expect(s.status).toBe("NOT_SERVING");
    expect(s.calls?.inFlight).toHaveLength(1);
    live.release();
    expect(await held).toMatchObject({ text: "hold" });
    await closing;
    expect((await state()).calls?.inFlight).toHaveLength(0);
  });
});

describe("serveAdmin options", () => {
  test("bad options throw at call time", async () => {
    const server = { health: { get: () => 1 }, connections: 0, handlers: { running: 0, abandoned: 0 } };
    await expect(serveAdmin({ server, port: -1 })).rejects.toThrow(RangeError);
    await expect(serveAdmin({ server, port: 1.5 })).rejects.toThrow("port must be an integer");
    await expect(serveAdmin({ server: {} as never, port: 0 })).rejects.toThrow("server must be a Strand server");
    await expect(serveAdmin({ server, port: 0, metrics: {} as never })).rejects.toThrow("createMetrics");
    await expect(serveAdmin({ server, port: 0, hostname: "" })).rejects.toThrow("hostname");
    await expect(serveAdmin(undefined as never)).rejects.toThrow(TypeError);
  });

  test("without metrics /metrics is a 404 with a hint; without calls the state has none", async () => {
    const server = { health: { get: () => undefined }, connections: 0, handlers: { running: 0, abandoned: 0 } };
    const admin = await serveAdmin({ server, port: 0 });
    try {
      const res = await fetch(new URL("/metrics", admin.url));
      expect(res.status).toBe(404);
      expect(await res.text()).toContain("createMetrics");
      expect((await fetch(new URL("/readyz", admin.url))).status).toBe(503);
      const s = (await (await fetch(new URL("/api/state", admin.url))).json()) as AdminState;
      expect(s).toEqual({ now: expect.any(Number), status: "UNKNOWN", connections: 0, handlers: { running: 0, abandoned: 0 } });
    } finally {
      await admin.close();
    }
  });
});

describe("trackCalls", () => {
  test("keeps the last 50 failures, newest first", async () => {
    const tracker = trackCalls();
    const handler = tracker.interceptor(async (req) => {
      throw new RpcError(Code.Aborted, `failure ${String((req as { message: unknown }).message)}`);
    });
    const ctx = { signal: new AbortController().signal, deadline: undefined, peer: "p" };
    for (let i = 0; i < 60; i++) {
      await handler({ method: { path: "/s.S/M" }, ctx, stream: false, message: i } as never).catch(() => {});
    }
    const failures = tracker.failures();
    expect(failures).toHaveLength(50);
    expect(failures[0]?.message).toBe("failure 59");
    expect(failures[49]?.message).toBe("failure 10");
    expect(tracker.inFlight()).toHaveLength(0);
  });
});
