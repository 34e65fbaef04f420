/**
 * Runs the load scenarios: for every scenario, `repeats` rounds, each round running every peer once
 * in a rotated order (so drift on the shared machine spreads over all peers instead of hitting
 * whichever runs last). Server CPU is sampled when the client starts its window and when it ends;
 * the bytes each side allocated come from its GC log, between the marks written with the samples.
 */
import type { Measurement, PeerOutcome, ScenarioResult } from "../report/results-model.ts";
import type { LoadResult, LoadSpec } from "../load/scenario-spec.ts";
import type { FairnessResult } from "../load/scenario-spec.ts";
import { startPeerPair, type PeerPair } from "./peer-pair.ts";
import type { PeerId, PeerPaths } from "./peers.ts";
import type { LoadScenario } from "./plan.ts";
import type { RunSettings } from "./settings.ts";
import { summarize } from "./summarize.ts";

/** Extra time a repeat may take beyond warm-up and window before it counts as hung. */
const SLACK_MS = 30_000;

/** One repeat on one peer: run the load, bracket the window with server CPU (and allocation) samples. */
export async function measureOnce(pair: PeerPair, spec: LoadSpec): Promise<Measurement> {
  const timeout = spec.warmupMs * (spec.kind === "fairness" ? 2 : 1) + spec.durationMs * 2 + SLACK_MS;
  pair.client.send({ cmd: "run", spec });
  await pair.client.next("measuring", timeout);
  const before = await pair.server.request({ cmd: "usage" }, "usage", 10_000);
  const { result } = await pair.client.next("result", timeout);
  const after = await pair.server.request({ cmd: "usage" }, "usage", 10_000);
  // The marks only name the window's edges in the client's GC log; results.json gets the bytes.
  const { allocMarks, ...load } = result as LoadResult & Partial<FairnessResult>;
  const serverBytes = typeof after["bytesWritten"] === "number" && typeof before["bytesWritten"] === "number" ? { serverBytesOut: after["bytesWritten"] - before["bytesWritten"] } : {};
  const [clientAllocBytes, serverAllocBytes] = await Promise.all([
    pair.client.allocatedBetween(allocMarks?.start, allocMarks?.end),
    pair.server.allocatedBetween(before["allocMark"], after["allocMark"]),
  ]);
  return {
    ...load,
    serverCpuUs: (after["cpuUs"] as number) - (before["cpuUs"] as number),
    ...serverBytes,
    ...(clientAllocBytes === undefined ? {} : { clientAllocBytes }),
    ...(serverAllocBytes === undefined ? {} : { serverAllocBytes }),
  };
}

/** `items` rotated left by `by` places. */
export function rotate<T>(items: readonly T[], by: number): T[] {
  const n = items.length;
  return n === 0 ? [] : items.map((_, i) => items[(i + by) % n]!);
}

/**
 * Unrecorded load on every pair before the first scenario: the first repeat otherwise pays for
 * JIT compilation and a machine that was idle (a cold first repeat measured 3× slower here).
 */
export async function primePairs(pairs: ReadonlyMap<PeerId, PeerPair>, log: (line: string) => void): Promise<void> {
  for (const pair of pairs.values()) {
    for (const inflight of [1, 100]) {
      try {
        await measureOnce(pair, { kind: "unary", size: 64, inflight, warmupMs: 300, durationMs: 100 });
      } catch (error) {
        log(`${pair.peer}: priming failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}

/** Runs every scenario on the given peer pairs; a failed pair is restarted so later repeats run. */
export async function runLoadScenarios(
  scenarios: readonly LoadScenario[],
  pairs: Map<PeerId, PeerPair>,
  settings: RunSettings,
  paths: PeerPaths,
  log: (line: string) => void,
): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  await primePairs(pairs, log);
  for (const scenario of scenarios) {
    const repeats = new Map<PeerId, Measurement[]>(scenario.peers.map((p) => [p, []]));
    const errors = new Map<PeerId, string>();
    for (let round = 0; round < settings.repeats; round++) {
      for (const peer of rotate(scenario.peers, round)) {
        const pair = pairs.get(peer);
        if (pair === undefined) continue;
        try {
          const measurement = await measureOnce(pair, scenario.spec);
          repeats.get(peer)!.push(measurement);
          log(`${scenario.id.padEnd(9)} ${peer.padEnd(10)} #${round + 1}  ${measurement.rate.toFixed(0).padStart(9)} ops/s${measurement.latency ? `  p50 ${measurement.latency.p50} µs  p99 ${measurement.latency.p99} µs` : ""}`);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          errors.set(peer, message);
          log(`${scenario.id.padEnd(9)} ${peer.padEnd(10)} #${round + 1}  FAILED: ${message}`);
          await pair.stop();
          pairs.delete(peer);
          try {
            pairs.set(peer, await startPeerPair(peer, paths));
          } catch (restartError) {
            log(`${peer}: restart failed: ${restartError instanceof Error ? restartError.message : String(restartError)}`);
          }
        }
      }
    }
    const peers: PeerOutcome[] = scenario.peers.map((peer) => {
      const list = repeats.get(peer)!;
      const error = errors.get(peer);
      return { peer, repeats: list, summary: summarize(list, scenario.unit, scenario.bytesPerOp), ...(error !== undefined ? { error } : {}) };
    });
    results.push({ id: scenario.id, title: scenario.title, unit: scenario.unit, bytesPerOp: scenario.bytesPerOp, spec: scenario.spec, peers });
  }
  return results;
}
