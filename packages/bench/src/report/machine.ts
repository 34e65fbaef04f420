/**
 * A description of the machine a run happened on, stored with the results: absolute numbers are
 * meaningless without it (and ratios are only comparable within one run anyway).
 */
import { readFileSync } from "node:fs";
import { cpus, loadavg, platform, release, totalmem } from "node:os";

/** The machine and runtimes of a run. */
export interface MachineInfo {
  readonly cpuModel: string;
  readonly cores: number;
  /** Total memory. Bytes. */
  readonly memoryBytes: number;
  readonly os: string;
  readonly bun: string;
  readonly node: string;
  /** 1-minute load average when the run started: how busy the shared machine already was. */
  readonly loadAverage: number;
  /**
   * Share of CPU time the hypervisor gave to other guests during the run (Linux "steal"), in
   * percent; absent where the OS does not report it. Scenarios that keep both cores busy lose
   * more to it than the raw peer does, so it explains ratios that vary between runs.
   */
  readonly cpuStealPercent?: number;
}

/** Cumulative CPU time counters of the whole machine, in clock ticks (Linux `/proc/stat`). */
export interface CpuTimes {
  readonly steal: number;
  readonly total: number;
}

/** The machine's CPU time counters, or undefined where `/proc/stat` does not exist. */
export function cpuTimes(): CpuTimes | undefined {
  let text: string;
  try {
    text = readFileSync("/proc/stat", "utf8");
  } catch {
    return undefined;
  }
  const fields = text.split("\n", 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
  if (fields.length < 8 || fields.some((n) => !Number.isFinite(n))) return undefined;
  return { steal: fields[7]!, total: fields.slice(0, 8).reduce((a, b) => a + b, 0) };
}

/** Steal between two samples, in percent of all CPU time. */
export function stealPercent(before: CpuTimes | undefined, after: CpuTimes | undefined): number | undefined {
  if (before === undefined || after === undefined || after.total <= before.total) return undefined;
  return ((after.steal - before.steal) / (after.total - before.total)) * 100;
}

/** Describes this machine; `nodeVersion` comes from running the Node binary the peers use. */
export function describeMachine(nodeVersion: string): MachineInfo {
  const list = cpus();
  return {
    cpuModel: list[0]?.model.trim() ?? "unknown",
    cores: list.length,
    memoryBytes: totalmem(),
    os: `${platform()} ${release()}`,
    bun: Bun.version,
    node: nodeVersion,
    loadAverage: loadavg()[0] ?? 0,
  };
}

/** `node --version` of the given binary, or "unavailable". */
export function nodeVersionOf(nodeBinary: string): string {
  const result = Bun.spawnSync([nodeBinary, "--version"]);
  return result.success ? result.stdout.toString().trim() : "unavailable";
}
