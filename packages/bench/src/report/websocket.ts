/**
 * Issue 16: Strand over WebSocket against Strand over TCP, scenario by scenario, from the same
 * run. Both peers are the same server code and the same client code on different transports, so
 * the ratio is what the transport costs (or saves) — the figure that survives a noisy machine,
 * where the absolute numbers do not.
 */
import { formatMicros, formatNumber, formatTimes } from "./format.ts";
import { markdownTable } from "./markdown-table.ts";
import type { PeerSummary, ScenarioResult, Unit } from "./results-model.ts";
import { ratio } from "./stats.ts";

/** One scenario's WebSocket figures beside TCP's; every ratio is WebSocket divided by TCP. */
export interface TransportComparison {
  readonly scenario: string;
  readonly unit: Unit;
  /** Headline figures (throughput in `unit`). */
  readonly tcp: number;
  readonly websocket: number;
  /** Throughput ratio: below 1, WebSocket moved fewer calls or messages per second. */
  readonly ratio: number | undefined;
  /** Latency medians and ratios, for scenarios that time calls (S1, S2). µs. */
  readonly p50?: { readonly tcp: number; readonly websocket: number; readonly ratio: number | undefined };
  readonly p99?: { readonly tcp: number; readonly websocket: number; readonly ratio: number | undefined };
  /** CPU per operation ratios: above 1, WebSocket spent more CPU per call or message. */
  readonly clientCpuRatio: number | undefined;
  readonly serverCpuRatio: number | undefined;
}

type Pair = { readonly tcp: number; readonly websocket: number; readonly ratio: number | undefined };

function pairOf(tcp: number | undefined, websocket: number | undefined): Pair | undefined {
  return tcp === undefined || websocket === undefined ? undefined : { tcp, websocket, ratio: ratio(websocket, tcp) };
}

function summaryOf(scenario: ScenarioResult, peer: string): PeerSummary | undefined {
  return scenario.peers.find((p) => p.peer === peer)?.summary;
}

/** Every scenario in which both `strand` and `strand-ws` have figures, in report order. */
export function websocketVsTcp(scenarios: readonly ScenarioResult[]): TransportComparison[] {
  const out: TransportComparison[] = [];
  for (const scenario of scenarios) {
    const tcp = summaryOf(scenario, "strand");
    const ws = summaryOf(scenario, "strand-ws");
    if (tcp === undefined || ws === undefined) continue;
    const p50 = pairOf(tcp.p50, ws.p50);
    const p99 = pairOf(tcp.p99, ws.p99);
    out.push({
      scenario: scenario.id,
      unit: scenario.unit,
      tcp: tcp.value,
      websocket: ws.value,
      ratio: ratio(ws.value, tcp.value),
      ...(p50 !== undefined ? { p50 } : {}),
      ...(p99 !== undefined ? { p99 } : {}),
      clientCpuRatio: ratio(ws.clientCpuPer1k, tcp.clientCpuPer1k),
      serverCpuRatio: ratio(ws.serverCpuPer1k, tcp.serverCpuPer1k),
    });
  }
  return out;
}

function latencyCells(pair: Pair | undefined): [string, string] {
  return pair === undefined ? ["–", "–"] : [`${formatMicros(pair.tcp)}, ${formatMicros(pair.websocket)}`, formatTimes(pair.ratio)];
}

/** The comparison as a Markdown table, one row per scenario. */
export function websocketTable(rows: readonly TransportComparison[]): string {
  return markdownTable(
    ["Scenario", "TCP", "WebSocket", "WebSocket / TCP", "p50 (TCP, WebSocket)", "p50 WebSocket / TCP", "p99 (TCP, WebSocket)", "p99 WebSocket / TCP", "CPU per op WebSocket / TCP (client / server)"],
    rows.map((r) => [
      r.scenario,
      `${formatNumber(r.tcp)} ${r.unit}`,
      `${formatNumber(r.websocket)} ${r.unit}`,
      formatTimes(r.ratio),
      ...latencyCells(r.p50),
      ...latencyCells(r.p99),
      `${formatTimes(r.clientCpuRatio)} / ${formatTimes(r.serverCpuRatio)}`,
    ]),
  );
}

/** The results.md section, or nothing when the run had no scenario with both transports. */
export function websocketSection(scenarios: readonly ScenarioResult[]): string[] {
  const rows = websocketVsTcp(scenarios);
  if (rows.length === 0) return [];
  return [
    "",
    "## Strand over WebSocket vs TCP (issue 16)",
    "",
    "Same server code (each peer its own process, whose one server object listens on TCP and WebSocket), same client code, same run; only the transport differs. Every ratio is the WebSocket figure divided by the TCP one: below 1× for throughput means WebSocket is slower, above 1× for latency and CPU per operation means it costs more.",
    "",
    websocketTable(rows),
  ];
}
