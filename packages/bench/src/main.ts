/**
 * `npm run bench [-- --quick] [--only S1,S3] [--peers strand,raw] [--repeats N] [--seconds S]
 * [--idle N] [--churn N] [--out DIR] [--from results.json]`: runs the benchmark suite and writes results/
 * (see README.md); `--from` only re-renders tables and charts from a stored results.json.
 *
 * Every server and client is its own process; all of them are stopped in `finally`, also when a
 * scenario fails, and each worker exits by itself when its stdin closes.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildNodeBundles } from "./orchestrator/node-bundle.ts";
import { startPeerPairs, type PeerPair } from "./orchestrator/peer-pair.ts";
import type { PeerId, PeerPaths } from "./orchestrator/peers.ts";
import { loadScenarios } from "./orchestrator/plan.ts";
import { runChurn } from "./orchestrator/run-churn.ts";
import { runIdle } from "./orchestrator/run-idle.ts";
import { measureAllocation } from "./orchestrator/run-alloc.ts";
import { runLoadScenarios } from "./orchestrator/run-loads.ts";
import { parseSettings, selected, type RunSettings } from "./orchestrator/settings.ts";
import { cpuTimes, describeMachine, nodeVersionOf, stealPercent } from "./report/machine.ts";
import { resultsMarkdown } from "./report/markdown.ts";
import type { ChurnOutcome, IdleOutcome, RunResults, ScenarioResult } from "./report/results-model.ts";
import { evaluateTargets } from "./report/targets.ts";
import { writeResults } from "./report/write-results.ts";

const settings = parseSettings(process.argv.slice(2));
const root = join(import.meta.dir, "..");
const started = performance.now();
const log = (line: string): void => console.log(`[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${line}`);

/** Runs the selected scenarios on fresh processes and collects everything the report needs. */
async function run(settings: RunSettings): Promise<RunResults> {
  const paths: PeerPaths = { root, bun: process.execPath, node: "node", bundles: await buildNodeBundles(root) };
  const machineAtStart = describeMachine(nodeVersionOf(paths.node));
  const cpuAtStart = cpuTimes();
  const startedAt = new Date().toISOString();
  log(`${settings.mode} run: ${settings.repeats} repeats × (${settings.warmupMs} ms warm-up + ${settings.durationMs} ms), peers ${settings.peers.join(", ")}`);

  let scenarios: ScenarioResult[] = [];
  const plan = loadScenarios(settings);
  if (plan.length > 0) {
    const pairs = new Map<PeerId, PeerPair>();
    try {
      // Only peers some selected scenario runs: WebSocket takes part in S1–S3 alone.
      const planned = settings.peers.filter((peer) => plan.some((s) => s.peers.includes(peer)));
      for (const pair of await startPeerPairs(planned, paths)) pairs.set(pair.peer, pair);
      scenarios = await runLoadScenarios(plan, pairs, settings, paths, log);
    } finally {
      await Promise.allSettled([...pairs.values()].map((p) => p.stop()));
    }
    scenarios = await measureAllocation(scenarios, settings, paths, log);
  }
  let idle: IdleOutcome[] | undefined;
  if (selected(settings, "S6")) idle = await runIdle(settings, paths, log);
  let churn: ChurnOutcome[] | undefined;
  if (selected(settings, "S8")) churn = await runChurn(settings, paths, log);

  const steal = stealPercent(cpuAtStart, cpuTimes());
  const machine = steal === undefined ? machineAtStart : { ...machineAtStart, cpuStealPercent: steal };
  const { outDir: _outDir, from: _from, ...shown } = settings;
  return {
    startedAt,
    mode: settings.mode,
    settings: shown,
    machine,
    scenarios,
    idle: idle === undefined ? undefined : { connections: settings.idleConnections, windowMs: settings.idleWindowMs, peers: idle },
    churn: churn === undefined ? undefined : { connections: settings.churnConnections, concurrency: settings.churnConcurrency, modes: churn },
  };
}

const results: RunResults = settings.from !== undefined ? (JSON.parse(readFileSync(settings.from, "utf8")) as RunResults) : await run(settings);
const targets = evaluateTargets(results.scenarios, results.idle?.peers);
const dir = settings.outDir ?? join(root, "results");
const files = writeResults(dir, results, targets);
console.log(`\n${resultsMarkdown(results, targets, [])}`);
log(`wrote ${files.join(", ")} to ${dir}`);
