/**
 * S6: many idle connections with keep-alive on. Each repeat uses a fresh server so that its RSS
 * baseline is clean: warm the server up (a few connections and calls, closed again), collect
 * garbage, sample RSS; open N connections (each established by one call), settle, collect garbage,
 * sample again; then leave everything idle for a window and sample the server's CPU across it.
 */
import type { IdleMeasurement, IdleOutcome } from "../report/results-model.ts";
import { median } from "../report/stats.ts";
import { startPeerPair, type PeerPair } from "./peer-pair.ts";
import type { PeerPaths } from "./peers.ts";
import type { RunSettings } from "./settings.ts";

/** Connections opened and closed before the baseline, so JIT and pools are warm. */
const WARM_CONNECTIONS = 50;
/** Pause after opening before memory is sampled (in-flight handshakes settle). Milliseconds. */
const SETTLE_MS = 500;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function usage(pair: PeerPair, gc: boolean): Promise<{ cpuUs: number; rss: number; heapUsed: number }> {
  if (gc) await pair.server.request({ cmd: "gc" }, "gc", 30_000);
  const event = await pair.server.request({ cmd: "usage" }, "usage", 10_000);
  return { cpuUs: event["cpuUs"] as number, rss: event["rss"] as number, heapUsed: event["heapUsed"] as number };
}

/** One S6 repeat on an already started pair. */
export async function measureIdle(pair: PeerPair, connections: number, windowMs: number): Promise<IdleMeasurement> {
  await pair.client.request({ cmd: "open", count: WARM_CONNECTIONS }, "opened", 60_000);
  await pair.client.request({ cmd: "close" }, "closed", 60_000);
  await sleep(SETTLE_MS);
  const before = await usage(pair, true);
  const opened = await pair.client.request({ cmd: "open", count: connections }, "opened", 180_000);
  await sleep(SETTLE_MS);
  const after = await usage(pair, true);
  const idleStart = await usage(pair, false);
  const start = performance.now();
  await sleep(windowMs);
  const idleEnd = await usage(pair, false);
  const elapsedUs = (performance.now() - start) * 1000;
  await pair.client.request({ cmd: "close" }, "closed", 60_000);
  return {
    connections,
    rssPerConnection: (after.rss - before.rss) / connections,
    heapPerConnection: (after.heapUsed - before.heapUsed) / connections,
    idleCpuPercent: ((idleEnd.cpuUs - idleStart.cpuUs) / elapsedUs) * 100,
    openMs: opened["ms"] as number,
  };
}

/** Runs S6 for every idle peer, `idleRepeats` times each, each time on fresh processes. */
export async function runIdle(settings: RunSettings, paths: PeerPaths, log: (line: string) => void): Promise<IdleOutcome[]> {
  const outcomes: IdleOutcome[] = [];
  for (const peer of settings.idlePeers) {
    const repeats: IdleMeasurement[] = [];
    let error: string | undefined;
    for (let round = 0; round < settings.idleRepeats; round++) {
      let pair: PeerPair | undefined;
      try {
        pair = await startPeerPair(peer, paths);
        const m = await measureIdle(pair, settings.idleConnections, settings.idleWindowMs);
        repeats.push(m);
        log(`S6        ${peer.padEnd(10)} #${round + 1}  ${(m.rssPerConnection / 1024).toFixed(2)} KiB/conn RSS, ${m.idleCpuPercent.toFixed(2)} % CPU idle, opened in ${(m.openMs / 1000).toFixed(1)} s`);
      } catch (e) {
        error = e instanceof Error ? e.message : String(e);
        log(`S6        ${peer.padEnd(10)} #${round + 1}  FAILED: ${error}`);
      } finally {
        await pair?.stop(5_000);
      }
    }
    outcomes.push({ peer, repeats, summary: medianIdle(repeats), ...(error !== undefined ? { error } : {}) });
  }
  return outcomes;
}

/** Metric-by-metric median of S6 repeats. */
function medianIdle(repeats: readonly IdleMeasurement[]): IdleMeasurement | undefined {
  if (repeats.length === 0) return undefined;
  const mid = (pick: (m: IdleMeasurement) => number): number => median(repeats.map(pick));
  return {
    connections: repeats[0]!.connections,
    rssPerConnection: mid((m) => m.rssPerConnection),
    heapPerConnection: mid((m) => m.heapPerConnection),
    idleCpuPercent: mid((m) => m.idleCpuPercent),
    openMs: mid((m) => m.openMs),
  };
}
