import { expect, test } from "bun:test";
import type { GoAway } from "./control-payloads.ts";
import { ErrorCode } from "./error-code.ts";
import type { SessionObserver } from "./session-options.ts";
import type { WireStream } from "./stream.ts";
import { createSessionPair } from "./testing/session-pair.ts";
import { WireError } from "./wire-error.ts";
import { collect, echoHandler, pattern, utf8 } from "../test/helpers.ts";

/** An observer that records what it is told, as `side event detail` lines. */
function recorder(side: string, into: string[]): SessionObserver {
  const goAway = (event: string) => (_: unknown, g: GoAway) => void into.push(`${side} ${event} ${ErrorCode[g.code]} ${g.reason}`);
  return {
    goAwaySent: goAway("goAwaySent"),
    goAwayReceived: goAway("goAwayReceived"),
    streamError: (_, id: number, e: WireError) => void into.push(`${side} streamError ${id} ${ErrorCode[e.code]} ${e.initiator}`),
  };
}

test("bytes each way: what one side's channel accepted is what the other read", async () => {
  const { client, server, clientChannel, serverChannel } = createSessionPair({ onStream: echoHandler });
  const stream = client.openStream(utf8.encode("h"), { message: pattern(100_000), end: true });
  expect((await collect(stream))[0]!.length).toBe(100_000);
  await client.ping();
  await server.ping();
  expect(client.counters.bytesSent).toBe(clientChannel.bytesWritten);
  expect(server.counters.bytesSent).toBe(serverChannel.bytesWritten);
  expect(server.counters.bytesReceived).toBe(client.counters.bytesSent);
  expect(client.counters.bytesReceived).toBe(server.counters.bytesSent);
  expect(client.counters.bytesSent).toBeGreaterThan(100_000);
  client.close();
});

test("pings are counted on both sides", async () => {
  const { client, server } = createSessionPair({ onStream: echoHandler });
  await client.ping();
  await client.ping();
  await server.ping();
  expect(client.counters.pingsSent).toBe(2);
  expect(server.counters.pingsReceived).toBe(2);
  expect(server.counters.pingsSent).toBe(1);
  expect(client.counters.pingsReceived).toBe(1);
  client.close();
});

test("a peer that does not read stalls the sender on its stream window, and the stall is counted", async () => {
  let held: WireStream | undefined;
  const { client } = createSessionPair({ server: { initialStreamWindow: 64 * 1024, maxWindow: 64 * 1024 }, onStream: (s) => void (held = s) });
  const stream = client.openStream(utf8.encode("h"));
  // Many messages, none read: a message larger than the window would be taken whole (reassembly returns its credit).
  for (let i = 0; i < 100; i++) void stream.send(pattern(4096)).catch(() => {});
  await client.ping();
  await Bun.sleep(20);
  expect(held).toBeDefined();
  expect(client.counters.streamWindowStalls).toBeGreaterThan(0);
  expect(client.counters.bytesSent).toBeLessThan(256 * 1024);
  client.close();
});

test("GOAWAY both ways is counted and observed, a graceful drain without a last error", async () => {
  const events: string[] = [];
  const { client, server } = createSessionPair({ onStream: echoHandler, clientObserver: recorder("client", events), serverObserver: recorder("server", events) });
  await client.ping();
  await server.goAway(ErrorCode.NoError, "restarting");
  await client.closed;
  // A server's drain gives notice first (GOAWAY 2^31-1 and a PING), then the final GOAWAY.
  expect(server.counters.goAwaysSent).toBe(2);
  expect(client.counters.goAwaysReceived).toBe(2);
  expect(events).toContain("server goAwaySent NoError restarting");
  expect(events).toContain("client goAwayReceived NoError restarting");
  expect(server.counters.lastError).toBeUndefined();
  expect(client.counters.lastError).toBeUndefined();
});

test("a connection error is the last error on both sides, local on the one that found it", async () => {
  const events: string[] = [];
  const { client, server } = createSessionPair({ onStream: echoHandler, clientObserver: recorder("client", events), serverObserver: recorder("server", events) });
  await client.ping();
  server.close(new WireError(ErrorCode.ProtocolError, "bad frame"));
  await client.closed;
  expect(server.counters.lastError).toMatchObject({ code: ErrorCode.ProtocolError, reason: "bad frame", initiator: "local", scope: "connection" });
  expect(client.counters.lastError).toMatchObject({ code: ErrorCode.ProtocolError, reason: "bad frame", initiator: "remote", scope: "connection" });
  expect(events).toEqual(["server goAwaySent ProtocolError bad frame", "client goAwayReceived ProtocolError bad frame"]);
});

test("a stream error found by the receiver: RST_STREAM counted both sides, observed, last error; a cancel is none", async () => {
  const events: string[] = [];
  const { client, server } = createSessionPair({ server: { maxMessageSize: 1000 }, onStream: echoHandler, clientObserver: recorder("client", events), serverObserver: recorder("server", events) });
  const big = client.openStream(utf8.encode("h"), { message: pattern(5000), end: true });
  const failure = await collect(big).then(() => undefined, (e: WireError) => e);
  expect(failure?.code).toBe(ErrorCode.MessageTooLarge);
  const cancelled = client.openStream(utf8.encode("h"));
  await client.ping();
  cancelled.reset(ErrorCode.Cancel);
  await client.ping();
  expect(client.counters.resetsSent).toBe(1);
  expect(server.counters.resetsSent).toBe(1);
  expect(client.counters.resetsReceived).toBe(1);
  expect(server.counters.resetsReceived).toBe(1);
  expect(server.counters.lastError).toMatchObject({ code: ErrorCode.MessageTooLarge, initiator: "local", scope: "stream" });
  expect(client.counters.lastError).toMatchObject({ code: ErrorCode.MessageTooLarge, initiator: "remote", scope: "stream" });
  expect(events).toEqual([`server streamError ${big.id} MessageTooLarge local`, `client streamError ${big.id} MessageTooLarge remote`]);
  client.close();
});
