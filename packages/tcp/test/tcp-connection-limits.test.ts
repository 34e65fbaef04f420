import { describe, expect, test } from "bun:test";
import { Code, RpcError, createClient } from "@strand/rpc";
import { TestService } from "@strand/rpc/testing";
import { ErrorCode } from "@strand/wire";
import { decodeGoAway, Flag, FrameType } from "@strand/wire/internal";
import { createChannel, createServer, type Channel, type Server, type ServerOptions } from "../src/index.ts";
import { connectRaw, type SocketRawPeer } from "./raw-peer.ts";

/** A server with an Echo handler on a free loopback port. */
async function serve(options: ServerOptions): Promise<{ server: Server; port: number }> {
  const server = createServer(options).add(TestService, { echo: (request) => request });
  const { port } = await server.listen({ hostname: "127.0.0.1", port: 0 });
  return { server, port: port! };
}

/** How the server answered a fresh raw connection: accepted (its real SETTINGS) or refused (GOAWAY and its reason). */
async function answer(peer: SocketRawPeer): Promise<{ accepted: true } | { accepted: false; code: ErrorCode; lastStreamId: number; reason: string }> {
  const first = await peer.waitUntil((f) => f.type === FrameType.GoAway || (f.type === FrameType.Settings && f.payload.length > 0));
  if (first === undefined) throw new Error("closed without an answer");
  if (first.type === FrameType.Settings) return { accepted: true };
  const goAway = decodeGoAway(first.payload);
  return { accepted: false, ...goAway };
}

/** A raw connection that completes its handshake: resolves once the server acknowledged our SETTINGS. */
async function handshaken(port: number): Promise<SocketRawPeer> {
  const peer = await connectRaw(port);
  peer.handshake();
  const ack = await peer.waitUntil((f) => f.type === FrameType.Settings && (f.flags & Flag.Ack) !== 0);
  if (ack === undefined) throw new Error("the server closed the connection instead of acknowledging our SETTINGS");
  return peer;
}

/** Closes a raw connection and waits until the server closed its side too (so it has counted the close). */
async function hangUp(peer: SocketRawPeer): Promise<void> {
  peer.socket.end();
  await peer.closed;
}

async function failure(call: Promise<unknown>): Promise<RpcError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof RpcError) return error;
    throw error;
  }
  throw new Error("the call succeeded");
}

const echo = (channel: Channel, options: { waitForReady?: boolean } = {}) => createClient(TestService, channel).echo({ text: "hi" }, { timeoutMs: 10_000, ...options });

describe("createServer({ maxConnections })", () => {
  test("the connection over the limit gets GOAWAY REFUSED_STREAM with the reason and is closed; open connections keep working", async () => {
    const { server, port } = await serve({ maxConnections: 2 });
    await using _ = server;
    const channel = createChannel(`127.0.0.1:${port}`);
    try {
      expect((await echo(channel)).text).toBe("hi"); // connection 1
      const second = await handshaken(port); // connection 2
      const third = await connectRaw(port);
      const refused = await answer(third);
      expect(refused).toEqual({ accepted: false, code: ErrorCode.RefusedStream, lastStreamId: 0, reason: "server at its connection limit (maxConnections 2)" });
      await third.closed; // the server closed it
      expect((await echo(channel)).text).toBe("hi");
      await hangUp(second);
      expect(await answer(await connectRaw(port))).toEqual({ accepted: true });
    } finally {
      channel.close();
    }
  });

  test("a channel whose connection is refused fails calls with Unavailable and the server's reason, then backs off", async () => {
    const { server, port } = await serve({ maxConnections: 1 });
    await using _ = server;
    const holder = await handshaken(port);
    const channel = createChannel(`127.0.0.1:${port}`, { backoff: { initialMs: 200, maxMs: 200 } });
    try {
      const error = await failure(echo(channel));
      expect(error.code).toBe(Code.Unavailable);
      expect(error.message).toContain("server at its connection limit (maxConnections 1)");
      // A refused connection is a failed connect: the channel waits out its backoff instead of redialling at once.
      expect(channel.state).toBe("transient_failure");
      const again = await failure(echo(channel));
      expect(again.code).toBe(Code.Unavailable);
      expect(again.message).toContain("maxConnections 1");
      await hangUp(holder);
      expect((await echo(channel, { waitForReady: true })).text).toBe("hi");
    } finally {
      channel.close();
    }
  });

  test("the limit counts every listener of the server", async () => {
    const server = createServer({ maxConnections: 1 }).add(TestService, { echo: (request) => request });
    await using _ = server;
    const a = await server.listen({ hostname: "127.0.0.1", port: 0 });
    const b = await server.listen({ hostname: "127.0.0.1", port: 0 });
    const holder = await handshaken(a.port!);
    expect(await answer(await connectRaw(b.port!))).toMatchObject({ accepted: false, reason: "server at its connection limit (maxConnections 1)" });
    await hangUp(holder);
    expect(await answer(await connectRaw(b.port!))).toEqual({ accepted: true });
  });
});

describe("createServer({ maxHandshakes })", () => {
  test("connections that never send their preface hold a place; beyond the bound new connections are refused", async () => {
    const { server, port } = await serve({ maxHandshakes: 2 });
    await using _ = server;
    const silent = [await connectRaw(port), await connectRaw(port)];
    for (const peer of silent) expect(await answer(peer)).toEqual({ accepted: true }); // accepted, handshake pending
    expect(await answer(await connectRaw(port))).toEqual({
      accepted: false,
      code: ErrorCode.RefusedStream,
      lastStreamId: 0,
      reason: "server has too many handshakes in progress (maxHandshakes 2)",
    });
    // A finished handshake gives its place back.
    silent[0]!.handshake();
    await silent[0]!.waitUntil((f) => f.type === FrameType.Settings && (f.flags & Flag.Ack) !== 0);
    const next = await handshaken(port);
    const third = await connectRaw(port);
    expect(await answer(third)).toEqual({ accepted: true }); // silent[1] and third hold the two places
    expect(await answer(await connectRaw(port))).toMatchObject({ accepted: false });
    // So does a connection that closes before finishing it.
    await hangUp(silent[1]!);
    expect(await answer(await connectRaw(port))).toEqual({ accepted: true });
    for (const peer of [silent[0]!, next, third]) await hangUp(peer);
  });

  test("a preface without SETTINGS is not a finished handshake", async () => {
    const { server, port } = await serve({ maxHandshakes: 1 });
    await using _ = server;
    const half = await connectRaw(port);
    half.send(new Uint8Array([0x53, 0x54, 0x52, 0x41, 0x4e, 0x44, 0, 1])); // the preface alone
    expect(await answer(half)).toEqual({ accepted: true });
    expect(await answer(await connectRaw(port))).toMatchObject({ accepted: false, reason: "server has too many handshakes in progress (maxHandshakes 1)" });
    half.send(new Uint8Array(9).fill(0xff)); // a frame over the size limit: the connection is closed, its place freed
    await half.closed;
    expect(await answer(await connectRaw(port))).toEqual({ accepted: true });
  });

  test("established connections are not handshakes: calls go on while the bound is reached", async () => {
    const { server, port } = await serve({ maxHandshakes: 1 });
    await using _ = server;
    const channel = createChannel(`127.0.0.1:${port}`);
    try {
      expect((await echo(channel)).text).toBe("hi");
      const silent = await connectRaw(port);
      expect(await answer(silent)).toEqual({ accepted: true });
      expect(await answer(await connectRaw(port))).toMatchObject({ accepted: false });
      expect((await echo(channel)).text).toBe("hi");
      await hangUp(silent);
    } finally {
      channel.close();
    }
  });
});

describe("createServer({ maxAbandonedHandlers })", () => {
  test("handlers still running after their calls were cancelled hold the count; at the bound new connections are refused, open ones keep calling", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let returned = 0;
    const server = createServer({ maxAbandonedHandlers: 2 }).add(TestService, {
      async echo(request) {
        if (request.text === "stubborn") {
          await gate; // ignores ctx.signal on purpose
          returned++;
        }
        return request;
      },
    });
    await using _ = server;
    const port = (await server.listen({ hostname: "127.0.0.1", port: 0 })).port!;
    const bystander = createChannel(`127.0.0.1:${port}`);
    const attacker = createChannel(`127.0.0.1:${port}`);
    try {
      expect((await echo(bystander)).text).toBe("hi");
      const client = createClient(TestService, attacker);
      for (let i = 0; i < 2; i++) {
        const abort = new AbortController();
        const call = client.echo({ text: "stubborn" }, { signal: abort.signal });
        await Bun.sleep(20); // the handler runs
        abort.abort();
        expect((await failure(call)).code).toBe(Code.Canceled);
      }
      attacker.close(); // the connection goes; its two handlers keep running
      while (server.handlers.abandoned < 2) await Bun.sleep(5); // the server has seen both cancels
      expect(server.handlers).toEqual({ running: 2, abandoned: 2 });
      expect(await answer(await connectRaw(port))).toEqual({
        accepted: false,
        code: ErrorCode.RefusedStream,
        lastStreamId: 0,
        reason: "server has too many handlers still running after their calls ended (maxAbandonedHandlers 2)",
      });
      expect((await echo(bystander)).text).toBe("hi"); // an open connection is not affected
      release();
      while (returned < 2) await Bun.sleep(5);
      await Bun.sleep(0);
      expect(server.handlers).toEqual({ running: 0, abandoned: 0 });
      expect(await answer(await connectRaw(port))).toEqual({ accepted: true });
    } finally {
      release();
      bystander.close();
      attacker.close();
    }
  });
});

describe("connection limit options", () => {
  test("are checked at construction", () => {
    for (const bad of [0, -1, 1.5, Number.NaN, "10" as never]) {
      expect(() => createServer({ maxConnections: bad })).toThrow(RangeError);
      expect(() => createServer({ maxHandshakes: bad })).toThrow(RangeError);
      expect(() => createServer({ maxAbandonedHandlers: bad })).toThrow(RangeError);
    }
    expect(() => createServer({ maxConnections: 0 })).toThrow(/maxConnections must be a positive integer or Infinity, got 0/);
    expect(() => createServer({ maxHandshakes: -3 })).toThrow(/maxHandshakes must be a positive integer or Infinity, got -3/);
    expect(() => createServer({ maxConnections: Infinity, maxHandshakes: Infinity })).not.toThrow();
    expect(() => createServer({ maxConnections: 1, maxHandshakes: 1 })).not.toThrow();
  });
});
