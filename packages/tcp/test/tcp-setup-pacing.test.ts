import { expect, test } from "bun:test";
import { createClient } from "@strand/rpc";
import { TestService } from "@strand/rpc/testing";
import { createChannel, createServer, type Channel } from "../src/index.ts";
import { SETUPS_PER_TURN } from "../src/setup-pacer.ts";
import { listenWire } from "../src/wire-listener.ts";
import { connectRaw } from "./raw-peer.ts";
import { FrameType } from "@strand/wire/internal";

test("a burst of connections is set up a few per turn (fairness under churn), and each is served once its turn comes", async () => {
  // Turns of the event loop, counted by a chain of immediates.
  let turn = 0;
  let ticking = true;
  const tick = (): void => {
    turn++;
    if (ticking) setImmediate(tick);
  };
  setImmediate(tick);
  const perTurn = new Map<number, number>();
  await using listener = listenWire({
    address: { hostname: "127.0.0.1", port: 0 },
    onStream: () => {},
    onSession: () => void perTurn.set(turn, (perTurn.get(turn) ?? 0) + 1),
  });
  const peers = await Promise.all(Array.from({ length: 4 * SETUPS_PER_TURN }, () => connectRaw(listener.port!)));
  for (const peer of peers) peer.handshake(); // every preface waits in the kernel until its turn
  const acks = await Promise.all(peers.map((peer) => peer.waitFor(FrameType.Settings)));
  ticking = false;
  expect(acks.every((frame) => frame !== undefined)).toBe(true);
  expect([...perTurn.values()].reduce((a, b) => a + b, 0)).toBe(peers.length);
  expect(Math.max(...perTurn.values())).toBeLessThanOrEqual(SETUPS_PER_TURN);
  for (const peer of peers) peer.socket.end();
});

test("clients of a burst larger than one turn's setups all get their calls answered", async () => {
  const server = createServer().add(TestService, { echo: (request) => request });
  const { port } = await server.listen({ hostname: "127.0.0.1", port: 0 });
  const channels: Channel[] = Array.from({ length: 5 * SETUPS_PER_TURN }, () => createChannel(`127.0.0.1:${port}`));
  const replies = await Promise.all(channels.map((channel, i) => createClient(TestService, channel).echo({ text: String(i), n: i })));
  expect(replies.map((r) => r.n)).toEqual(channels.map((_, i) => i));
  for (const channel of channels) channel.close();
  await server.close({ force: true });
});
