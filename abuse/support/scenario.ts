import type { AttackName } from "../shared/attack-names.ts";
import { type AttackReport, describeEndings } from "../shared/attacker-report.ts";
import type { ServerStats } from "../shared/server-stats.ts";
import { AttackerProcess } from "./attacker-process.ts";
import { Bystander, type BystanderSample, forMs } from "./bystander.ts";
import { resultRows, type ResultRow } from "./results.ts";
import { LoopLag } from "../shared/loop-lag.ts";
import { ServerProcess } from "./server-process.ts";

/** Warm-up of a fresh server and client before anything is measured, ms. */
const WARMUP_MS = 1000;
/** Fewest bystander calls a p99 is taken from. */
const MIN_SAMPLES = 300;
/** How long connections get to close after the attacker let go, before the last measurement, ms. */
const SETTLE_MS = 500;

/** Time one class may take (the longest runs ~40 s); bun's default of 5 s is far too short. */
export const CLASS_TIMEOUT_MS = 120_000;

/** One class of the suite. */
export interface ScenarioSpec {
  readonly klass: number;
  readonly name: string;
  readonly attack: AttackName;
  /** Passed to the attack (a count, a duration). */
  readonly argument?: number;
  /** Bystander window alone, ms. Default 3,000. */
  readonly aloneMs?: number;
  /** Bystander window under attack, ms; a bounded attack (`finite`) is measured until it finished instead. Default 4,000. */
  readonly attackMs?: number;
  /** The attack ends by itself (`finished`): measure until then, at most `attackMs`. */
  readonly finite?: boolean;
}

/** Everything one class measured. */
export interface Outcome {
  readonly alone: BystanderSample;
  readonly underAttack: BystanderSample;
  /**
   * Before the attack (after a full GC); with the attacker's connections held (GC); after they
   * closed (GC). The peaks in `after` (handlers, queues, rss, connections) cover the whole attack.
   */
  readonly baseline: ServerStats;
  readonly held: ServerStats;
  readonly after: ServerStats;
  /** How the attacker's connections had ended when it was stopped (or finished). */
  readonly report: AttackReport;
  /** GOAWAYs with an error code the server sent from the start of the attack until the end, by `CODE: reason`. */
  readonly serverGoAways: Readonly<Record<string, number>>;
  /**
   * The most the bystander's p99 may be under attack: max(2 × alone, alone + 5 ms), plus how much
   * later the bystander's own 1 ms timer fired (p99) under attack than alone.
   */
  readonly p99Limit: number;
  readonly row: ResultRow;
}

/**
 * Runs one class: a fresh server child, a warmed-up bystander measured alone, then the attacker
 * child started and the bystander measured again while it attacks, the server's stats around it,
 * and the attacker stopped and closed. Records the row for the results table before anyone asserts.
 */
export async function runScenario(spec: ScenarioSpec): Promise<Outcome> {
  const startedAt = performance.now();
  await using server = await ServerProcess.start();
  using bystander = new Bystander(server.target);
  await bystander.run(forMs(WARMUP_MS), 0);
  const baseline = await server.stats({ gc: true, resetPeaks: true });
  const ownLag = new LoopLag();
  const alone = await bystander.run(forMs(spec.aloneMs ?? 3000), MIN_SAMPLES);
  const bystanderLagAlone = ownLag.summary();
  const aloneStats = await server.stats({ resetPeaks: true });
  using attacker = AttackerProcess.start(spec.attack, server.port, spec.argument);
  await attacker.started();
  ownLag.reset();
  const window = forMs(spec.attackMs ?? 4000);
  const underAttack = await bystander.run(spec.finite === true ? () => attacker.finished || window() : window, MIN_SAMPLES);
  const attackStats = await server.stats({});
  const bystanderLag = ownLag.summary();
  ownLag.stop();
  const report = await attacker.stop();
  const held = await server.stats({ gc: true });
  await attacker.close();
  await Bun.sleep(SETTLE_MS);
  const after = await server.stats({ gc: true });
  // What the machine took from the bystander's own process (its timer fired later under attack
  // than alone: the kernel ran the attacker or its loopback traffic instead) is added to the
  // limit; what the server's slowness costs shows only in the calls, never in that timer.
  const schedulingAllowance = Math.max(0, bystanderLag.p99 - bystanderLagAlone.p99);
  const p99Limit = Math.max(2 * alone.p99, alone.p99 + 5) + schedulingAllowance;
  const serverGoAways = countsSince(baseline.goAwaysSent, after.goAwaysSent);
  const row: ResultRow = {
    klass: spec.klass,
    name: spec.name,
    p99Alone: alone.p99,
    p99Attack: underAttack.p99,
    p99Limit,
    serverLagAlone: aloneStats.loopLag.p99,
    serverLagAttack: attackStats.loopLag.p99,
    bystanderLagAlone: bystanderLagAlone.p99,
    bystanderLagAttack: bystanderLag.p99,
    bystanderCalls: alone.latencies.length + underAttack.latencies.length,
    bystanderFailures: alone.failures + underAttack.failures,
    heapGrowthHeld: held.heapUsed - baseline.heapUsed,
    heapGrowthAfter: after.heapUsed - baseline.heapUsed,
    rssGrowthPeak: after.peakRss - baseline.rss,
    maxHandlersPerConnection: after.maxHandlersPerConnection,
    maxHandlersRunning: after.maxHandlersRunning,
    ended: describeEndings(report.endings),
    seconds: (performance.now() - startedAt) / 1000,
  };
  resultRows().push(row);
  console.log(`class ${spec.klass} ${spec.name}: ${JSON.stringify({ row, counters: report.counters, serverGoAways, held: pick(held), after: pick(after) })}`);
  return { alone, underAttack, baseline, held, after, report, serverGoAways, p99Limit, row };
}

function countsSince(before: Readonly<Record<string, number>>, now: Readonly<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, n] of Object.entries(now)) if (n > (before[key] ?? 0)) out[key] = n - (before[key] ?? 0);
  return out;
}

function pick(s: ServerStats): Partial<ServerStats> {
  return {
    heapUsed: s.heapUsed,
    connections: s.connections,
    sessions: s.sessions,
    streams: s.streams,
    handlersRunning: s.handlersRunning,
    peakConnections: s.peakConnections,
    peakStreams: s.peakStreams,
    peakQueuedControlFrames: s.peakQueuedControlFrames,
    peakUnwrittenBytes: s.peakUnwrittenBytes,
    readPausedSessions: s.readPausedSessions,
  };
}
