import { describe, expect, test } from "bun:test";
import { createClient } from "@strand/rpc";
import { TestService } from "@strand/rpc/testing";
import { createChannel, createServer, type ChannelOptions, type ServerOptions } from "../src/index.ts";
import { socketsOfPort } from "./tcp-sockets.ts";

/** A server and a channel with one idle connection between them, and that connection's kernel sockets. */
async function idleConnection(serverOptions: ServerOptions, channelOptions: ChannelOptions) {
  const server = createServer(serverOptions).add(TestService, { echo: (req) => req });
  const { port } = await server.listen({ hostname: "127.0.0.1", port: 0 });
  const channel = createChannel(`127.0.0.1:${port!}`, channelOptions);
  await createClient(TestService, channel).echo({ text: "connect" });
  // Until the last bytes are acknowledged the kernel shows the retransmit timer instead: wait
  // for the connection to go quiet (bounded; not a timing assertion).
  let sockets = socketsOfPort(port!);
  for (let i = 0; i < 500 && [...sockets.server, ...sockets.client].some((s) => s.timer === 1); i++) {
    await Bun.sleep(10);
    sockets = socketsOfPort(port!);
  }
  return { sockets, [Symbol.asyncDispose]: async () => (channel.close(), await server.close({ force: true })) };
}

describe("TCP keep-alive", () => {
  test("is on by default at both ends, with a 60 s idle delay", async () => {
    await using c = await idleConnection({}, {});
    const { server, client } = c.sockets;
    expect(server).toHaveLength(1);
    expect(client).toHaveLength(1);
    for (const socket of [...server, ...client]) {
      expect(socket.timer).toBe(2); // the keep-alive timer (none would be 0)
      expect(socket.timerSeconds).toBeGreaterThan(0);
      expect(socket.timerSeconds).toBeLessThanOrEqual(60); // not Linux's 7,200 s default
    }
  });

  test("tcpKeepAliveMs sets the delay on each side", async () => {
    await using c = await idleConnection({ tcpKeepAliveMs: 3_000_000 }, { tcpKeepAliveMs: 1_000_000 });
    const [server] = c.sockets.server;
    const [client] = c.sockets.client;
    expect(server?.timer).toBe(2);
    expect(client?.timer).toBe(2);
    // Far-apart settings, so the time the test takes cannot blur which one was applied.
    expect(server!.timerSeconds).toBeGreaterThan(2_000);
    expect(server!.timerSeconds).toBeLessThanOrEqual(3_000);
    expect(client!.timerSeconds).toBeGreaterThan(500);
    expect(client!.timerSeconds).toBeLessThanOrEqual(1_000);
  });

  test("tcpKeepAliveMs: 0 turns it off", async () => {
    await using c = await idleConnection({ tcpKeepAliveMs: 0 }, { tcpKeepAliveMs: 0 });
    for (const socket of [...c.sockets.server, ...c.sockets.client]) expect(socket.timer).not.toBe(2);
  });

  test("a bad delay throws at construction, naming the option", () => {
    for (const bad of [-1, 500, 1.5, 40_000_000, Number.NaN]) {
      expect(() => createServer({ tcpKeepAliveMs: bad })).toThrow(/tcpKeepAliveMs/);
      expect(() => createChannel("127.0.0.1:1", { tcpKeepAliveMs: bad })).toThrow(/tcpKeepAliveMs/);
    }
    expect(() => createServer({ unref: "yes" as never })).toThrow(/unref/);
  });
});
