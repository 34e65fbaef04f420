/**
 * A description of the machine a run happened on, stored with the results: absolute numbers are
 * meaningless without it (and ratios are only comparable within one run anyway).
 */
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
