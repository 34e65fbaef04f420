/**
 * Turns a peer's repeats into its reported summary: the median of every metric, taken metric by
 * metric (see report/stats.ts), and the headline value in the scenario's unit.
 */
import type { Measurement, PeerSummary, Unit } from "../report/results-model.ts";
import { median, medianOf } from "../report/stats.ts";

type Curve = ReadonlyArray<readonly [number, number]>;

/** Point-wise median of curves that share their percentiles. */
export function medianCurve(curves: readonly Curve[]): Curve | undefined {
  const first = curves[0];
  if (first === undefined) return undefined;
  return first.map(([p], i) => [p, median(curves.map((c) => c[i]?.[1] ?? Number.NaN).filter((v) => Number.isFinite(v)))] as const);
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Medians of `repeats`; undefined when there are none. Absent metrics stay absent. */
export function summarize(repeats: readonly Measurement[], unit: Unit, bytesPerOp: number): PeerSummary | undefined {
  if (repeats.length === 0) return undefined;
  const rate = medianOf(repeats, (r) => r.rate)!;
  const summary: Mutable<PeerSummary> = {
    value: unit === "MB/s" ? (rate * bytesPerOp) / 1e6 : rate,
    rate,
    clientCpuPer1k: medianOf(repeats, (r) => (r.ops > 0 ? r.clientCpuUs / r.ops : undefined)) ?? Number.NaN,
    serverCpuPer1k: medianOf(repeats, (r) => (r.serverCpuUs !== undefined && r.ops > 0 ? r.serverCpuUs / r.ops : undefined)),
  };
  const p50 = medianOf(repeats, (r) => r.latency?.p50);
  const p90 = medianOf(repeats, (r) => r.latency?.p90);
  const p99 = medianOf(repeats, (r) => r.latency?.p99);
  const p999 = medianOf(repeats, (r) => r.latency?.p999);
  const curve = medianCurve(repeats.flatMap((r) => (r.latency ? [r.latency.curve] : [])));
  const aloneP99 = medianOf(repeats, (r) => r.alone?.latency?.p99);
  const aloneCurve = medianCurve(repeats.flatMap((r) => (r.alone?.latency ? [r.alone.latency.curve] : [])));
  const bulkMBps = medianOf(repeats, (r) => r.bulkMBps);
  const wireBytesPerOp = medianOf(repeats, (r) => (r.clientBytesOut !== undefined && r.serverBytesOut !== undefined && r.ops > 0 ? (r.clientBytesOut + r.serverBytesOut) / r.ops : undefined));
  if (p50 !== undefined) summary.p50 = p50;
  if (p90 !== undefined) summary.p90 = p90;
  if (p99 !== undefined) summary.p99 = p99;
  if (p999 !== undefined) summary.p999 = p999;
  if (curve !== undefined) summary.curve = curve;
  if (aloneP99 !== undefined) summary.aloneP99 = aloneP99;
  if (aloneCurve !== undefined) summary.aloneCurve = aloneCurve;
  if (bulkMBps !== undefined) summary.bulkMBps = bulkMBps;
  if (wireBytesPerOp !== undefined) summary.wireBytesPerOp = wireBytesPerOp;
  const clientAlloc = medianOf(repeats, (r) => (r.clientAllocBytes !== undefined && r.ops > 0 ? r.clientAllocBytes / r.ops : undefined));
  const serverAlloc = medianOf(repeats, (r) => (r.serverAllocBytes !== undefined && r.ops > 0 ? r.serverAllocBytes / r.ops : undefined));
  if (clientAlloc !== undefined) summary.clientAllocBytesPerOp = clientAlloc;
  if (serverAlloc !== undefined) summary.serverAllocBytesPerOp = serverAlloc;
  return summary;
}
