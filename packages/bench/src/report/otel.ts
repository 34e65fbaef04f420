/**
 * Strand with `@strand/otel`'s interceptors (and a real SDK) against plain Strand, scenario by
 * scenario (S2@N), from the same run: the same server and client code, so the ratio is what
 * tracing and metrics cost — the figure that survives a noisy machine, where absolute numbers do not.
 */
import { formatMicros, formatNumber, formatTimes } from "./format.ts";
import { markdownTable } from "./markdown-table.ts";
import type { PeerSummary, ScenarioResult, Unit } from "./results-model.ts";
import { ratio } from "./stats.ts";

/** One scenario's figures with and without OpenTelemetry; every ratio is with divided by without. */
export interface OtelComparison {
  readonly scenario: string;
  readonly unit: Unit;
  /** Headline throughput in `unit`. */
  readonly plain: number;
  readonly otel: number;
  /** Below 1: the instrumented peer moved fewer calls per second. */
  readonly ratio: number | undefined;
  /** Latency medians (µs) and their ratios. */
  readonly p50?: { readonly plain: number; readonly otel: number; readonly ratio: number | undefined };
  readonly p99?: { readonly plain: number; readonly otel: number; readonly ratio: number | undefined };
  /** CPU per call ratios: above 1, the instrumented side spent more. */
  readonly clientCpuRatio: number | undefined;
  readonly serverCpuRatio: number | undefined;
}

type Pair = { readonly plain: number; readonly otel: number; readonly ratio: number | undefined };

function pairOf(plain: number | undefined, otel: number | undefined): Pair | undefined {
  return plain === undefined || otel === undefined ? undefined : { plain, otel, ratio: ratio(otel, plain) };
}

function summaryOf(scenario: ScenarioResult, peer: string): PeerSummary | undefined {
  return scenario.peers.find((p) => p.peer === peer)?.summary;
}

/** Every scenario in which both `strand` and `strand-otel` have figures, in report order. */
export function otelVsPlain(scenarios: readonly ScenarioResult[]): OtelComparison[] {
  const out: OtelComparison[] = [];
  for (const scenario of scenarios) {
    const plain = summaryOf(scenario, "strand");
    const otel = summaryOf(scenario, "strand-otel");
    if (plain === undefined || otel === undefined) continue;
    const p50 = pairOf(plain.p50, otel.p50);
    const p99 = pairOf(plain.p99, otel.p99);
    out.push({
      scenario: scenario.id,
      unit: scenario.unit,
      plain: plain.value,
      otel: otel.value,
      ratio: ratio(otel.value, plain.value),
      ...(p50 !== undefined ? { p50 } : {}),
      ...(p99 !== undefined ? { p99 } : {}),
      clientCpuRatio: ratio(otel.clientCpuPer1k, plain.clientCpuPer1k),
      serverCpuRatio: ratio(otel.serverCpuPer1k, plain.serverCpuPer1k),
    });
  }
  return out;
}

function latencyCells(pair: Pair | undefined): [string, string] {
  return pair === undefined ? ["–", "–"] : [`${formatMicros(pair.plain)}, ${formatMicros(pair.otel)}`, formatTimes(pair.ratio)];
}

/** The results.md section, or nothing when the run had no scenario with both peers. */
export function otelSection(scenarios: readonly ScenarioResult[]): string[] {
  const rows = otelVsPlain(scenarios);
  if (rows.length === 0) return [];
  return [
    "",
    "## Strand with OpenTelemetry vs without",
    "",
    "`otelServerInterceptor` and `otelClientInterceptor` on both sides, with the SDK a service would run (AsyncLocalStorage context manager, W3C propagation, `BatchSpanProcessor` into a discarding exporter, a `MeterProvider` with a periodic reader): every call sampled, two spans and two histogram points per call. Same server and client code as Strand, same run; every ratio is the instrumented figure divided by the plain one.",
    "",
    markdownTable(
      ["Scenario", "Strand", "Strand + OTel", "OTel / plain", "p50 (plain, OTel)", "p50 OTel / plain", "p99 (plain, OTel)", "p99 OTel / plain", "CPU per call OTel / plain (client / server)"],
      rows.map((r) => [
        r.scenario,
        `${formatNumber(r.plain)} ${r.unit}`,
        `${formatNumber(r.otel)} ${r.unit}`,
        formatTimes(r.ratio),
        ...latencyCells(r.p50),
        ...latencyCells(r.p99),
        `${formatTimes(r.clientCpuRatio)} / ${formatTimes(r.serverCpuRatio)}`,
      ]),
    ),
  ];
}
