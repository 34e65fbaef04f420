import { expect, test } from "bun:test";
import { join } from "node:path";
import { startPeerPair } from "../src/orchestrator/peer-pair.ts";
import { measureOnce } from "../src/orchestrator/run-loads.ts";

const root = join(import.meta.dir, "..");
// The raw and Strand peers need no Node bundles; the paths are never used for them.
const paths = { root, bun: process.execPath, node: "node", bundles: { server: "", client: "" } };

test("a short S1 and S3 against the raw peer complete with positive rates", async () => {
  const pair = await startPeerPair("raw", paths);
  try {
    const unary = await measureOnce(pair, { kind: "unary", size: 64, inflight: 4, warmupMs: 100, durationMs: 300 });
    expect(unary.rate).toBeGreaterThan(0);
    expect(unary.latency!.count).toBe(unary.ops);
    expect(unary.serverCpuUs).toBeGreaterThanOrEqual(0);
    const stream = await measureOnce(pair, { kind: "stream", size: 64, warmupMs: 100, durationMs: 300 });
    expect(stream.rate).toBeGreaterThan(0);
  } finally {
    await pair.stop();
  }
}, 10_000);

test("Strand over WebSocket: a short S1 and S3 complete on the server's WebSocket endpoint", async () => {
  const pair = await startPeerPair("strand-ws", paths);
  try {
    const unary = await measureOnce(pair, { kind: "unary", size: 64, inflight: 4, warmupMs: 100, durationMs: 300 });
    expect(unary.rate).toBeGreaterThan(0);
    expect(unary.latency!.count).toBe(unary.ops);
    const stream = await measureOnce(pair, { kind: "stream", size: 64, warmupMs: 100, durationMs: 300 });
    expect(stream.rate).toBeGreaterThan(0);
  } finally {
    await pair.stop();
  }
}, 15_000);

test("Strand with a push-style pump: a short S3 completes, twice on one server", async () => {
  const pair = await startPeerPair("strand-push", paths);
  try {
    for (let round = 0; round < 2; round++) {
      // A second round on the same server: the first round's push handler ended with its call.
      const stream = await measureOnce(pair, { kind: "stream", size: 64, warmupMs: 100, durationMs: 300 });
      expect(stream.rate).toBeGreaterThan(0);
      expect(stream.serverCpuUs).toBeGreaterThan(0);
    }
  } finally {
    await pair.stop();
  }
}, 15_000);
