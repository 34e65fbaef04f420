/**
 * The allocation pass: bytes each side allocates on its JS heap per call at S2@100, measured on
 * fresh processes that log JSC's collections (gc-log.ts). It runs after the load scenarios, apart
 * from them, because the log slows a process down (streaming throughput 15–30 % lower in a test
 * here): the figures of the measured runs stay unaffected, and this pass reports only bytes.
 */
import type { Measurement, PeerOutcome, PeerSummary, ScenarioResult } from "../report/results-model.ts";
import { startPeerPair, type PeerPair } from "./peer-pair.ts";
import { runsOnBun, type PeerPaths } from "./peers.ts";
import { measureOnce, primePairs } from "./run-loads.ts";
import type { RunSettings } from "./settings.ts";
import { summarize } from "./summarize.ts";

/** The scenario whose calls the allocation figure is for. */
export const ALLOC_SCENARIO = "S2@100";
/**
 * Shortest window of this pass, whatever the run's: a figure needs ten collections in its window
 * (gc-log.ts), and a quick run's 400 ms held fewer for several peers (their figure was missing).
 * Milliseconds.
 */
export const ALLOC_MIN_WINDOW_MS = 1000;

/** Adds each Bun peer's median bytes allocated per call to its S2@100 summary (a new result list). */
export async function measureAllocation(
  scenarios: readonly ScenarioResult[],
  settings: RunSettings,
  paths: PeerPaths,
  log: (line: string) => void,
): Promise<ScenarioResult[]> {
  const scenario = scenarios.find((s) => s.id === ALLOC_SCENARIO);
  if (scenario === undefined) return [...scenarios];
  const peers: PeerOutcome[] = [];
  for (const outcome of scenario.peers) peers.push(runsOnBun(outcome.peer) ? await allocationOf(outcome, scenario, settings, paths, log) : outcome);
  return scenarios.map((s) => (s === scenario ? { ...s, peers } : s));
}

async function allocationOf(outcome: PeerOutcome, scenario: ScenarioResult, settings: RunSettings, paths: PeerPaths, log: (line: string) => void): Promise<PeerOutcome> {
  // A peer whose measured repeats all failed has no summary to add to.
  const base = outcome.summary;
  if (base === undefined) return outcome;
  const repeats: Measurement[] = [];
  let pair: PeerPair | undefined;
  try {
    pair = await startPeerPair(outcome.peer, paths, true);
    await primePairs(new Map([[outcome.peer, pair]]), log);
    const spec = { ...scenario.spec, durationMs: Math.max(scenario.spec.durationMs, ALLOC_MIN_WINDOW_MS) };
    for (let round = 0; round < settings.repeats; round++) repeats.push(await measureOnce(pair, spec));
  } catch (error) {
    log(`${outcome.peer}: allocation pass failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await pair?.stop();
  }
  // The pass's own medians, of which only the allocation is kept: its other figures ran with the log on.
  const measured = summarize(repeats, scenario.unit, scenario.bytesPerOp);
  const summary: PeerSummary = {
    ...base,
    ...(measured?.clientAllocBytesPerOp === undefined ? {} : { clientAllocBytesPerOp: measured.clientAllocBytesPerOp }),
    ...(measured?.serverAllocBytesPerOp === undefined ? {} : { serverAllocBytesPerOp: measured.serverAllocBytesPerOp }),
  };
  log(`${ALLOC_SCENARIO.padEnd(9)} ${outcome.peer.padEnd(10)} heap alloc ${fmt(summary.clientAllocBytesPerOp)} / ${fmt(summary.serverAllocBytesPerOp)} B/call`);
  return { ...outcome, summary };
}

function fmt(bytes: number | undefined): string {
  return bytes === undefined ? "–" : bytes.toFixed(0);
}
