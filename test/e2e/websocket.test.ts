/**
 * Strand over WebSocket (`Bun.serve`), with Bun's standard `WebSocket` as the client: the four call
 * kinds, metadata, errors, deadlines and cancellation through `createWebChannel`; one server object
 * serving TCP and WebSocket at once; an endpoint mounted in a user's own `Bun.serve`; the origin
 * and `authorize` checks on the upgrade, and the upgrade request in `ctx`; `wss://` with a private
 * CA; reconnecting after a server restart; a stream whose connection drops ending `Unavailable`.
 */
import { describe, expect, test } from "bun:test";
import { Code, createChannel, createClient, createServer, createWebChannel, RpcError, type Server, type UpgradeRequest } from "strand";
import { TestMessage, TestService } from "@strand/rpc/testing";
import { createPki } from "../support/pki.ts";
import { rpcFailure } from "../support/rpc-failure.ts";

async function* numbers(n: number): AsyncIterable<Partial<TestMessage>> {
  for (let i = 1; i <= n; i++) yield { n: i };
}

/** The upgrade requests handlers saw, newest last. */
const seen: Array<UpgradeRequest | undefined> = [];

function startServer(options: Parameters<typeof createServer>[0] = {}): Server {
  return createServer(options).add(TestService, {
    async echo(req, ctx) {
      seen.push(ctx.upgradeRequest);
      ctx.setHeader("x-peer", ctx.peer);
      ctx.setTrailer("x-done", "yes");
      if (req.text === "fail") throw new RpcError(Code.NotFound, "no such thing");
      if (req.text === "slow") await Bun.sleep(5_000);
      return { text: req.text, n: req.n };
    },
    async *count(req, ctx) {
      for (let i = 0; i < req.n; i++) {
        if (ctx.signal.aborted) return;
        yield { n: i, text: "" };
        if (req.text === "forever") await Bun.sleep(20);
      }
    },
    async sum(reqs) {
      let total = 0;
      for await (const r of reqs) total += r.n;
      return { n: total, text: "" };
    },
    async *chat(reqs) {
      for await (const r of reqs) yield { text: r.text.toUpperCase(), n: r.n };
    },
  });
}

describe("createWebChannel against server.listen({ websocket })", () => {
  test("all four call kinds, metadata, errors, and the same services over TCP from the same server object", async () => {
    await using server = startServer();
    const ws = await server.listen({ websocket: { port: 0, path: "/strand" } });
    const tcp = await server.listen({ hostname: "127.0.0.1", port: 0 });
    expect(ws.url).toBe(`ws://127.0.0.1:${ws.port}/strand`);
    const channel = createWebChannel(ws.url!);
    const client = createClient(TestService, channel);
    const headers: Record<string, string> = {};
    const reply = await client.echo({ text: "hi", n: 7 }, { onHeader: (h) => void (headers["x-peer"] = String(h.get("x-peer"))) });
    expect(reply).toEqual(TestMessage.create({ text: "hi", n: 7 }));
    expect(headers["x-peer"]).toMatch(/^127\.0\.0\.1:\d+$/);
    const counted: number[] = [];
    for await (const m of client.count({ n: 5 })) counted.push(m.n);
    expect(counted).toEqual([0, 1, 2, 3, 4]);
    expect((await client.sum(numbers(10))).n).toBe(55);
    const chatted: string[] = [];
    for await (const m of client.chat((async function* () { yield { text: "a" }; yield { text: "b" }; })())) chatted.push(m.text);
    expect(chatted).toEqual(["A", "B"]);
    const failure = await rpcFailure(client.echo({ text: "fail" }));
    expect([failure.code, failure.message]).toEqual([Code.NotFound, "no such thing"]);
    // The handlers saw the upgrade request over WebSocket, and none over TCP.
    expect(seen.at(-1)?.url).toBe(`http://127.0.0.1:${ws.port}/strand`);
    const overTcp = createClient(TestService, createChannel(`127.0.0.1:${tcp.port}`));
    expect((await overTcp.echo({ text: "tcp" })).text).toBe("tcp");
    expect(seen.at(-1)).toBeUndefined();
    expect(server.connections).toBe(2);
    channel.close();
  });

  test("a deadline and a cancellation end the call on both sides", async () => {
    await using server = startServer();
    const { url } = await server.listen({ websocket: { port: 0 } });
    const client = createClient(TestService, createWebChannel(url!));
    const late = await rpcFailure(client.echo({ text: "slow" }, { timeoutMs: 100 }));
    expect(late.code).toBe(Code.DeadlineExceeded);
    const abort = new AbortController();
    const received: number[] = [];
    const stream = client.count({ n: 1_000, text: "forever" }, { signal: abort.signal });
    const failure = await (async () => {
      try {
        for await (const m of stream) {
          received.push(m.n);
          if (m.n === 2) abort.abort();
        }
      } catch (e) {
        return RpcError.from(e);
      }
      return undefined;
    })();
    expect(failure?.code).toBe(Code.Canceled);
    expect(received).toEqual([0, 1, 2]);
  });
});

describe("mounted in your own Bun.serve", () => {
  test("one port serves the web app and the API; only the endpoint's path upgrades", async () => {
    await using server = startServer();
    const api = server.webSocket({ path: "/api" });
    using http = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      fetch: (req, s) => (api.handles(req) ? api.fetch(req, s) : new Response("<h1>app</h1>", { headers: { "content-type": "text/html" } })),
      websocket: api.websocket,
    });
    expect(await (await fetch(`http://127.0.0.1:${http.port}/`)).text()).toBe("<h1>app</h1>");
    const plain = await fetch(`http://127.0.0.1:${http.port}/api`);
    expect(plain.status).toBe(426);
    const channel = createWebChannel(`ws://127.0.0.1:${http.port}/api`);
    const client = createClient(TestService, channel);
    expect((await client.echo({ text: "mounted" })).text).toBe("mounted");
    expect(server.connections).toBe(1);
    channel.close();
  });

  test("the origin allow-list and authorize see the upgrade request; handlers see it as ctx.upgradeRequest", async () => {
    await using server = startServer();
    const api = server.webSocket({
      path: "/api",
      allowedOrigins: ["https://app.example.com"],
      authorize: (req) => (req.headers.get("authorization") === "Bearer good" ? true : new Response("who are you?", { status: 401 })),
    });
    using http = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: (req, s) => api.fetch(req, s), websocket: api.websocket });
    const url = `ws://127.0.0.1:${http.port}/api`;
    const as = (headers: Record<string, string>) => createClient(TestService, createWebChannel(url, { socketOptions: { headers } }));
    const good = await as({ origin: "https://app.example.com", authorization: "Bearer good", cookie: "session=s1" }).echo({ text: "in" });
    expect(good.text).toBe("in");
    expect(seen.at(-1)?.headers.get("cookie")).toBe("session=s1");
    expect(seen.at(-1)?.headers.get("origin")).toBe("https://app.example.com");
    const wrongOrigin = await rpcFailure(as({ origin: "https://evil.example", authorization: "Bearer good" }).echo({ text: "x" }));
    expect(wrongOrigin.code).toBe(Code.Unavailable);
    const noToken = await rpcFailure(as({ origin: "https://app.example.com" }).echo({ text: "x" }));
    expect(noToken.code).toBe(Code.Unavailable);
    // What a browser would see: the refusal's status.
    const refused = await fetch(`http://127.0.0.1:${http.port}/api`, { headers: { upgrade: "websocket", connection: "upgrade", "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==", "sec-websocket-version": "13", "sec-websocket-protocol": "strand", origin: "https://evil.example" } });
    expect(refused.status).toBe(403);
    expect(server.connections).toBe(1); // the accepted client's only: refused upgrades never become connections
  });
});

describe("connections come and go", () => {
  test("wss:// with a private CA", async () => {
    using pki = createPki();
    const ca = pki.ca("ws-ca");
    const { key, cert } = ca.issue("localhost", ["DNS:localhost", "IP:127.0.0.1"]);
    await using server = startServer({ tls: { key, cert } });
    const { port, url } = await server.listen({ websocket: { hostname: "127.0.0.1", port: 0, path: "/s" } });
    expect(url).toBe(`wss://127.0.0.1:${port}/s`);
    const trusted = createClient(TestService, createWebChannel(`wss://localhost:${port}/s`, { socketOptions: { tls: { ca: ca.cert } } }));
    expect((await trusted.echo({ text: "secure" })).text).toBe("secure");
    const untrusted = await rpcFailure(createClient(TestService, createWebChannel(`wss://localhost:${port}/s`)).echo({ text: "x" }));
    expect(untrusted.code).toBe(Code.Unavailable);
  });

  test("a server stream whose connection drops ends Unavailable; after a restart on the same port the channel reconnects", async () => {
    const first = startServer();
    const { port, url } = await first.listen({ websocket: { port: 0 } });
    const channel = createWebChannel(url!, { backoff: { initialMs: 20, maxMs: 50 } });
    const client = createClient(TestService, channel);
    const received: number[] = [];
    const ended = (async () => {
      try {
        for await (const m of client.count({ n: 1_000_000, text: "forever" })) {
          received.push(m.n);
          if (m.n === 3) void first.close({ force: true });
        }
      } catch (e) {
        return RpcError.from(e);
      }
      return undefined;
    })();
    const failure = await ended;
    expect(failure?.code).toBe(Code.Unavailable);
    expect(received.length).toBeGreaterThanOrEqual(4);
    await using second = startServer();
    await second.listen({ websocket: { port: port! } });
    expect((await client.echo({ text: "again" }, { waitForReady: true, timeoutMs: 5_000 })).text).toBe("again");
    channel.close();
  });
});

test("a client that stops reading a server stream holds the server to the stream's window, not to its memory", async () => {
  let sent = 0;
  await using server = createServer().add(TestService, {
    async *count(_req, ctx) {
      const text = "x".repeat(64 * 1024);
      while (!ctx.signal.aborted) {
        yield { text, n: sent };
        sent++;
      }
    },
  });
  const { url } = await server.listen({ websocket: { port: 0 } });
  const channel = createWebChannel(url!);
  const stream = createClient(TestService, channel).count({ n: 0 })[Symbol.asyncIterator]();
  expect((await stream.next()).done).toBe(false);
  await Bun.sleep(400); // reading nothing: only flow control stops the handler
  // 64 KiB messages against a 256 KiB stream window (plus what was in flight): a handful, where a
  // sender that ignored the windows would have pushed hundreds of megabytes by now.
  expect(sent).toBeLessThan(24);
  const before = sent;
  for (let i = 0; i < 40; i++) await stream.next(); // reading again lets it continue
  expect(sent).toBeGreaterThan(before);
  await stream.return?.();
  channel.close();
});
