/**
 * Writes one run's output into the results directory: results.json (every repeat, the targets and
 * the ratios of the WebSocket, compression and instrumented peers), results.md (tables and
 * targets), machine.json and the SVG charts.
 * File names are fixed so a new run replaces the previous one and diffs stay readable.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PEER_LABELS } from "../orchestrator/peers.ts";
import { resultsMarkdown } from "./markdown.ts";
import type { RunResults, ScenarioResult } from "./results-model.ts";
import { barChartSvg, type BarPanel } from "./svg-bars.ts";
import { percentileCurvesSvg, type CurveSeries } from "./svg-curves.ts";
import { PEER_COLORS } from "./svg-kit.ts";
import type { TargetCheck } from "./targets.ts";
import { websocketVsTcp } from "./websocket.ts";
import { compressionVsNone } from "./compression.ts";
import { instrumentedByPeer, otelVsPlain } from "./instrumented.ts";

/** Chart files by name → SVG text, derived from the results. */
export function buildCharts(results: RunResults): Map<string, string> {
  const charts = new Map<string, string>();
  const panels: BarPanel[] = results.scenarios.map((s) => ({
    title: `${s.id}: ${s.title}`,
    unit: s.unit,
    bars: s.peers.map((o) => ({ label: PEER_LABELS[o.peer], value: o.summary?.value, color: PEER_COLORS[o.peer] })),
  }));
  if (results.idle !== undefined) {
    panels.push({
      title: `S6: server RSS per idle connection (${results.idle.connections} connections)`,
      unit: "KiB",
      bars: results.idle.peers.map((o) => ({ label: PEER_LABELS[o.peer], value: o.summary ? o.summary.rssPerConnection / 1024 : undefined, color: PEER_COLORS[o.peer] })),
    });
  }
  if (panels.length > 0) charts.set("throughput.svg", barChartSvg(`Throughput, median of ${String(results.settings["repeats"])} (${results.mode} run)`, panels));

  for (const id of ["S1", "S2@100", "S4"]) {
    const scenario = results.scenarios.find((s) => s.id === id);
    if (scenario !== undefined) charts.set(`latency-${fileId(id)}.svg`, percentileCurvesSvg(`${id} latency: ${scenario.title}`, peerCurves(scenario)));
  }
  const fairness = results.scenarios.find((s) => s.id === "S7");
  if (fairness !== undefined) {
    const series: CurveSeries[] = [];
    for (const o of fairness.peers) {
      const color = PEER_COLORS[o.peer];
      if (o.summary?.aloneCurve) series.push({ label: `${PEER_LABELS[o.peer]} alone`, color, points: o.summary.aloneCurve, dashed: true });
      if (o.summary?.curve) series.push({ label: `${PEER_LABELS[o.peer]} + bulk`, color, points: o.summary.curve });
    }
    charts.set("latency-s7.svg", percentileCurvesSvg("S7 probe latency, alone and next to a 1 MiB-message stream", series));
  }
  return charts;
}

function peerCurves(scenario: ScenarioResult): CurveSeries[] {
  return scenario.peers.flatMap((o) => (o.summary?.curve ? [{ label: PEER_LABELS[o.peer], color: PEER_COLORS[o.peer], points: o.summary.curve }] : []));
}

/** "S2@100" → "s2-100". */
export function fileId(id: string): string {
  return id.toLowerCase().replaceAll(/[^a-z0-9]+/g, "-").replaceAll(/^-|-$/g, "");
}

/**
 * results.json's content: the run plus what the report derives from it (targets and ratios), so
 * a reader need not recompute them. `otelVsPlain` keeps its shape from before the other
 * instrumented peers; `instrumentedVsPlain` has every instrumented peer, keyed by peer.
 */
function withRatios(results: RunResults, targets: readonly TargetCheck[]): object {
  const s = results.scenarios;
  return { ...results, targets, websocketVsTcp: websocketVsTcp(s), compressionVsNone: compressionVsNone(s), otelVsPlain: otelVsPlain(s), instrumentedVsPlain: instrumentedByPeer(s) };
}

/** Writes everything to `dir`; returns the files written. */
export function writeResults(dir: string, results: RunResults, targets: readonly TargetCheck[]): string[] {
  mkdirSync(dir, { recursive: true });
  const charts = buildCharts(results);
  const files = new Map<string, string>([
    ["results.json", `${JSON.stringify(withRatios(results, targets), null, 2)}\n`],
    ["machine.json", `${JSON.stringify(results.machine, null, 2)}\n`],
    ["results.md", resultsMarkdown(results, targets, [...charts.keys()])],
    ...charts,
  ]);
  for (const [name, text] of files) writeFileSync(join(dir, name), text);
  return [...files.keys()];
}
