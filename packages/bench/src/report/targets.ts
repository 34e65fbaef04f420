/**
 * The targets of issues 6 and 20, evaluated from one run's medians. Each is a ratio measured within
 * the run, so it is meaningful on a noisy shared machine — except issue 20's CPU per call, which
 * that issue states in µs (process CPU time over calls, each side).
 */
import type { IdleOutcome, PeerSummary, ScenarioResult } from "./results-model.ts";
import { ratio } from "./stats.ts";

/** One target and how the run fared against it. */
export interface TargetCheck {
  readonly name: string;
  /** The target as text, e.g. "≥ 25×". */
  readonly goal: string;
  /** The measured ratio or value (undefined when a peer or scenario did not run). */
  readonly measured: number | undefined;
  /** How `measured` is printed: "times", "percent", "KiB" or "µs". */
  readonly format: "times" | "percent" | "KiB" | "µs";
  readonly met: boolean | undefined;
  /** The figures the ratio was computed from, for the report. */
  readonly detail: string;
}

function summaryOf(scenarios: readonly ScenarioResult[], id: string, peer: string): PeerSummary | undefined {
  return scenarios.find((s) => s.id === id)?.peers.find((p) => p.peer === peer)?.summary;
}

function check(name: string, goal: string, format: TargetCheck["format"], measured: number | undefined, pass: (v: number) => boolean, detail: string): TargetCheck {
  return { name, goal, format, measured, met: measured === undefined ? undefined : pass(measured), detail };
}

/** Evaluates every target of issues 6 and 20 for Strand. */
export function evaluateTargets(scenarios: readonly ScenarioResult[], idle: readonly IdleOutcome[] | undefined): TargetCheck[] {
  const s = (id: string, peer: string): PeerSummary | undefined => summaryOf(scenarios, id, peer);
  const f = (v: number | undefined): string => (v === undefined ? "–" : v.toFixed(v >= 100 ? 0 : 1));
  const s2 = s("S2@100", "strand")?.rate;
  const s2Grpc = s("S2@100", "grpc-node")?.rate;
  const s2Raw = s("S2@100", "raw")?.rate;
  const s1 = s("S1", "strand")?.p50;
  const s1Raw = s("S1", "raw")?.p50;
  const s3 = s("S3 64 B", "strand")?.rate;
  const s3Raw = s("S3 64 B", "raw")?.rate;
  const s3Push = s("S3 64 B", "strand-push")?.rate;
  const s5 = s("S5", "strand")?.value;
  const s5Raw = s("S5", "raw")?.value;
  const s6 = idle?.find((o) => o.peer === "strand")?.summary?.rssPerConnection;
  const s7 = s("S7", "strand");
  const s2Cpu = s("S2@100", "strand");
  return [
    check("S2@100 vs grpc-js (Node)", "≥ 25×", "times", ratio(s2, s2Grpc), (v) => v >= 25, `${f(s2)} vs ${f(s2Grpc)} calls/s`),
    check("S2@100 vs raw", "≥ 40 %", "percent", ratio(s2, s2Raw), (v) => v >= 0.4, `${f(s2)} vs ${f(s2Raw)} calls/s`),
    check("S1 p50 vs raw", "≤ 2×", "times", ratio(s1, s1Raw), (v) => v <= 2, `${f(s1)} vs ${f(s1Raw)} µs`),
    check("S3 64 B vs raw pump", "≥ 60 %", "percent", ratio(s3, s3Raw), (v) => v >= 0.6, `${f(s3)} vs ${f(s3Raw)} msgs/s`),
    check("S5 vs raw", "≥ 50 %", "percent", ratio(s5, s5Raw), (v) => v >= 0.5, `${f(s5)} vs ${f(s5Raw)} MB/s`),
    check("S6 memory per idle connection", "≤ 4 KiB", "KiB", s6, (v) => v <= 4096, `server RSS delta / connections`),
    check("S7 p99 under load vs S1 alone", "≤ 3×", "times", ratio(s7?.p99, s7?.aloneP99), (v) => v <= 3, `${f(s7?.p99)} vs ${f(s7?.aloneP99)} µs`),
    check("S3 64 B push-style vs raw pump (issue 20)", "≥ 70 %", "percent", ratio(s3Push, s3Raw), (v) => v >= 0.7, `${f(s3Push)} vs ${f(s3Raw)} msgs/s`),
    check("S1 p50 vs raw (issue 20)", "≤ 1.1×", "times", ratio(s1, s1Raw), (v) => v <= 1.1, `${f(s1)} vs ${f(s1Raw)} µs`),
    check("S2@100 CPU per call, client (issue 20)", "≤ 1.7 µs", "µs", s2Cpu?.clientCpuPer1k, (v) => v <= 1.7, "client process CPU / calls"),
    check("S2@100 CPU per call, server (issue 20)", "≤ 1.7 µs", "µs", s2Cpu?.serverCpuPer1k, (v) => v <= 1.7, "server process CPU / calls"),
  ];
}
