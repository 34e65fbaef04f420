/**
 * Issue 19: Strand with observability installed — OpenTelemetry (`strand-otel`), Prometheus
 * metrics (`strand-metrics`) or both (`strand-observed`) — against plain Strand, scenario by
 * scenario (S2@N), from the same run. Every peer runs the same server and client code, so each
 * ratio is what that instrumentation costs per call: the figure that survives a noisy machine,
 * where absolute numbers do not.
 */
import { INSTRUMENTED_PEERS, PEER_LABELS } from "../orchestrator/peers.ts";
import { formatMicros, formatNumber, formatTimes } from "./format.ts";
import { markdownTable } from "./markdown-table.ts";
import type { PeerSummary, ScenarioResult, Unit } from "./results-model.ts";
import { ratio } from "./stats.ts";

/** A peer whose workers install observability (the rows of this comparison). */
export type InstrumentedPeer = (typeof INSTRUMENTED_PEERS)[number];

/** A latency median (µs) without and with instrumentation, and instrumented / plain. */
export interface LatencyPair {
  readonly plain: number;
  readonly instrumented: number;
  readonly ratio: number | undefined;
}

/** One instrumented peer at one scenario beside plain Strand; every ratio is with divided by without. */
export interface InstrumentedComparison {
  readonly scenario: string;
  readonly peer: InstrumentedPeer;
  readonly unit: Unit;
  /** Headline throughput in `unit`. */
  readonly plain: number;
  readonly instrumented: number;
  /** Below 1: the instrumented peer moved fewer calls per second. */
  readonly ratio: number | undefined;
  readonly p50?: LatencyPair;
  readonly p99?: LatencyPair;
  /** CPU per call ratios: above 1, the instrumented side spent more. */
  readonly clientCpuRatio: number | undefined;
  readonly serverCpuRatio: number | undefined;
}

function pairOf(plain: number | undefined, instrumented: number | undefined): LatencyPair | undefined {
  return plain === undefined || instrumented === undefined ? undefined : { plain, instrumented, ratio: ratio(instrumented, plain) };
}

function summaryOf(scenario: ScenarioResult, peer: string): PeerSummary | undefined {
  return scenario.peers.find((p) => p.peer === peer)?.summary;
}

/** Each of `peers` against `strand` in every scenario where both have figures: by scenario, then peer. */
export function instrumentedVsPlain(scenarios: readonly ScenarioResult[], peers: readonly InstrumentedPeer[] = INSTRUMENTED_PEERS): InstrumentedComparison[] {
  const out: InstrumentedComparison[] = [];
  for (const scenario of scenarios) {
    const plain = summaryOf(scenario, "strand");
    if (plain === undefined) continue;
    for (const peer of peers) {
      const instrumented = summaryOf(scenario, peer);
      if (instrumented === undefined) continue;
      const p50 = pairOf(plain.p50, instrumented.p50);
      const p99 = pairOf(plain.p99, instrumented.p99);
      out.push({
        scenario: scenario.id,
        peer,
        unit: scenario.unit,
        plain: plain.value,
        instrumented: instrumented.value,
        ratio: ratio(instrumented.value, plain.value),
        ...(p50 !== undefined ? { p50 } : {}),
        ...(p99 !== undefined ? { p99 } : {}),
        clientCpuRatio: ratio(instrumented.clientCpuPer1k, plain.clientCpuPer1k),
        serverCpuRatio: ratio(instrumented.serverCpuPer1k, plain.serverCpuPer1k),
      });
    }
  }
  return out;
}

/** results.json's `instrumentedVsPlain`: the rows of every instrumented peer that ran, keyed by peer. */
export function instrumentedByPeer(scenarios: readonly ScenarioResult[]): Partial<Record<InstrumentedPeer, InstrumentedComparison[]>> {
  const byPeer: Partial<Record<InstrumentedPeer, InstrumentedComparison[]>> = {};
  for (const row of instrumentedVsPlain(scenarios)) (byPeer[row.peer] ??= []).push(row);
  return byPeer;
}

/** results.json's `otelVsPlain`, as before the other instrumented peers: the OpenTelemetry figure is `otel`. */
export interface OtelComparison {
  readonly scenario: string;
  readonly unit: Unit;
  readonly plain: number;
  readonly otel: number;
  readonly ratio: number | undefined;
  readonly p50?: { readonly plain: number; readonly otel: number; readonly ratio: number | undefined };
  readonly p99?: { readonly plain: number; readonly otel: number; readonly ratio: number | undefined };
  readonly clientCpuRatio: number | undefined;
  readonly serverCpuRatio: number | undefined;
}

function otelPair(pair: LatencyPair): NonNullable<OtelComparison["p50"]> {
  return { plain: pair.plain, otel: pair.instrumented, ratio: pair.ratio };
}

/** `strand-otel`'s rows in the shape results.json had before (kept for readers of `otelVsPlain`). */
export function otelVsPlain(scenarios: readonly ScenarioResult[]): OtelComparison[] {
  return instrumentedVsPlain(scenarios, ["strand-otel"]).map((r) => ({
    scenario: r.scenario,
    unit: r.unit,
    plain: r.plain,
    otel: r.instrumented,
    ratio: r.ratio,
    ...(r.p50 !== undefined ? { p50: otelPair(r.p50) } : {}),
    ...(r.p99 !== undefined ? { p99: otelPair(r.p99) } : {}),
    clientCpuRatio: r.clientCpuRatio,
    serverCpuRatio: r.serverCpuRatio,
  }));
}

function latencyCells(pair: LatencyPair | undefined): [string, string] {
  return pair === undefined ? ["–", "–"] : [`${formatMicros(pair.plain)}, ${formatMicros(pair.instrumented)}`, formatTimes(pair.ratio)];
}

/** The results.md section, or nothing when the run had no scenario with plain Strand and an instrumented peer. */
export function instrumentedSection(scenarios: readonly ScenarioResult[]): string[] {
  const rows = instrumentedVsPlain(scenarios);
  if (rows.length === 0) return [];
  return [
    "",
    "## Strand with OpenTelemetry and Prometheus vs without (issue 19)",
    "",
    "Strand + OpenTelemetry: `otelServerInterceptor` and `otelClientInterceptor` on both sides, with the SDK a service would run (AsyncLocalStorage context manager, W3C propagation, `BatchSpanProcessor` into a discarding exporter, a `MeterProvider` with a periodic reader): every call sampled, two spans and two histogram points per call. Strand + Prometheus: `@strand/metrics`' server and client interceptors, `watch` on the server and each channel, and each process's registry rendered as Prometheus text once a second, as a scrape would. Strand + OpenTelemetry + Prometheus: both, metrics first — what a production service runs. Same server and client code as Strand, same run; every ratio is the instrumented figure divided by the plain one.",
    "",
    markdownTable(
      ["Scenario", "Peer", "Strand", "Instrumented", "Instrumented / plain", "p50 (plain, instrumented)", "p50 instrumented / plain", "p99 (plain, instrumented)", "p99 instrumented / plain", "CPU per call instrumented / plain (client / server)"],
      rows.map((r) => [
        r.scenario,
        PEER_LABELS[r.peer],
        `${formatNumber(r.plain)} ${r.unit}`,
        `${formatNumber(r.instrumented)} ${r.unit}`,
        formatTimes(r.ratio),
        ...latencyCells(r.p50),
        ...latencyCells(r.p99),
        `${formatTimes(r.clientCpuRatio)} / ${formatTimes(r.serverCpuRatio)}`,
      ]),
    ),
  ];
}
