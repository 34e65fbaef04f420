/**
 * S8, connection churn: the server CPU a connection costs, from accept to close, against a raw
 * `Bun.listen` server doing the least a server can (accept, one write, close). One raw server,
 * one Strand server (`createServer()` defaults), one Strand server at its connection limit
 * (`maxConnections: 1`, its place held) and one churn client run for the whole scenario;
 * every repeat runs each mode once, in a rotated order, bracketing the churn with `usage` samples
 * of the server the mode talks to. A warm-up churn per mode is not recorded (JIT, pools).
 */
import { join } from "node:path";
import type { ChurnResult } from "../load/churn.ts";
import { CHURN_MODES, type ChurnMode, type ChurnPorts } from "../peers/churn-dialers.ts";
import type { ChurnMeasurement, ChurnOutcome } from "../report/results-model.ts";
import { median } from "../report/stats.ts";
import { serverArgv, type PeerPaths } from "./peers.ts";
import { rotate } from "./run-loads.ts";
import type { RunSettings } from "./settings.ts";
import { WorkerProcess } from "./worker-process.ts";

/** Connections per mode in the unrecorded warm-up. */
const WARM_CONNECTIONS = 200;
/** Pause after a churn before the closing sample: the server handles the last closes. Milliseconds. */
const SETTLE_MS = 200;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function cpuUs(server: WorkerProcess): Promise<number> {
  return (await server.request({ cmd: "usage" }, "usage", 10_000))["cpuUs"] as number;
}

/** One churn of `count` connections in `mode`, with the CPU its server spent on them. */
async function measure(client: WorkerProcess, server: WorkerProcess, mode: ChurnMode, count: number, concurrency: number): Promise<ChurnMeasurement> {
  const before = await cpuUs(server);
  const event = await client.request({ cmd: "churn", mode, count, concurrency }, "churned", 300_000);
  await sleep(SETTLE_MS);
  const after = await cpuUs(server);
  const completed = event["completed"] as ChurnResult["completed"];
  const failed = event["failed"] as ChurnResult["failed"];
  if (completed === 0) throw new Error(`every connection failed: ${String(event["firstError"])}`);
  const connections = completed + failed;
  return { connections, failed, serverCpuUsPerConnection: (after - before) / connections, perSecond: connections / ((event["ms"] as ChurnResult["ms"]) / 1000) };
}

/** Runs S8 for the modes of the selected peers (`raw` and `strand`). */
export async function runChurn(settings: RunSettings, paths: PeerPaths, log: (line: string) => void): Promise<ChurnOutcome[]> {
  const modes = CHURN_MODES.filter((m) => settings.peers.includes(m.startsWith("raw") ? "raw" : "strand"));
  if (modes.length === 0) return [];
  const raw = WorkerProcess.start("raw server", serverArgv("raw", paths));
  const strand = WorkerProcess.start("strand server", serverArgv("strand", paths));
  const refusing = WorkerProcess.start("refusing strand server", [...serverArgv("strand", paths), JSON.stringify({ maxConnections: 1 })]);
  let client: WorkerProcess | undefined;
  const repeats = new Map<ChurnMode, ChurnMeasurement[]>(modes.map((m) => [m, []]));
  const errors = new Map<ChurnMode, string>();
  try {
    const rawPorts = await raw.next("listening", 30_000);
    const strandPorts = await strand.next("listening", 30_000);
    const refusingPorts = await refusing.next("listening", 30_000);
    const ports: ChurnPorts = {
      rawGreet: rawPorts["greetPort"] as number,
      rawEcho: rawPorts["port"] as number,
      strand: strandPorts["port"] as number,
      strandRefusing: refusingPorts["port"] as number,
    };
    client = WorkerProcess.start("churn client", [paths.bun, join(paths.root, "src/workers/churn-client.ts"), JSON.stringify(ports)]);
    const serverOf = (mode: ChurnMode): WorkerProcess => (mode.startsWith("raw") ? raw : mode === "strand-refused" ? refusing : strand);
    for (const mode of modes) await client.request({ cmd: "churn", mode, count: WARM_CONNECTIONS, concurrency: settings.churnConcurrency }, "churned", 120_000);
    for (let round = 0; round < settings.churnRepeats; round++) {
      for (const mode of rotate(modes, round)) {
        try {
          const m = await measure(client, serverOf(mode), mode, settings.churnConnections, settings.churnConcurrency);
          repeats.get(mode)!.push(m);
          log(`S8        ${mode.padEnd(17)} #${round + 1}  ${m.serverCpuUsPerConnection.toFixed(1)} µs server CPU/conn, ${m.perSecond.toFixed(0)} conn/s${m.failed > 0 ? `, ${m.failed} failed` : ""}`);
        } catch (e) {
          const error = e instanceof Error ? e.message : String(e);
          errors.set(mode, error);
          log(`S8        ${mode.padEnd(17)} #${round + 1}  FAILED: ${error}`);
        }
      }
    }
  } finally {
    await Promise.allSettled([client?.stop(), raw.stop(), strand.stop(), refusing.stop()]);
  }
  return modes.map((mode): ChurnOutcome => {
    const list = repeats.get(mode)!;
    const error = errors.get(mode);
    return { mode, repeats: list, summary: medianChurn(list), ...(error !== undefined ? { error } : {}) };
  });
}

/** Metric-by-metric median of S8 repeats. */
function medianChurn(repeats: readonly ChurnMeasurement[]): ChurnMeasurement | undefined {
  if (repeats.length === 0) return undefined;
  const mid = (pick: (m: ChurnMeasurement) => number): number => median(repeats.map(pick));
  return {
    connections: repeats[0]!.connections,
    failed: mid((m) => m.failed),
    serverCpuUsPerConnection: mid((m) => m.serverCpuUsPerConnection),
    perSecond: mid((m) => m.perSecond),
  };
}
