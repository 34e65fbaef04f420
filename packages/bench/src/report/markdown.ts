/**
 * results.md: absolute figures per peer with ratios against grpc-js (Node) — what users would pick
 * instead — and against raw Bun TCP — the machine's limit — Strand over WebSocket against Strand
 * over TCP, Strand with compression against without and Strand with OpenTelemetry and Prometheus
 * against without, all from the same run.
 */
import { PEER_LABELS, type PeerId } from "../orchestrator/peers.ts";
import { formatKiB, formatMicros, formatNumber, formatPercent, formatTimes } from "./format.ts";
import { CHURN_BASELINE } from "../peers/churn-dialers.ts";
import type { ChurnOutcome, IdleOutcome, RunResults, ScenarioResult } from "./results-model.ts";
import { ratio } from "./stats.ts";
import type { TargetCheck } from "./targets.ts";
import { markdownTable } from "./markdown-table.ts";
import { compressionSection } from "./compression.ts";
import { instrumentedSection } from "./instrumented.ts";
import { websocketSection } from "./websocket.ts";

// Kept importable from here: the table writer lived in this module before it got its own.
export { markdownTable };

function formatTarget(t: TargetCheck): string {
  switch (t.format) {
    case "times":
      return formatTimes(t.measured);
    case "percent":
      return formatPercent(t.measured);
    case "KiB":
      return formatKiB(t.measured);
    case "µs":
      return t.measured === undefined ? "–" : `${t.measured.toFixed(2)} µs`;
  }
}

/** The targets of issues 6 and 20 as a table. */
export function targetsTable(targets: readonly TargetCheck[]): string {
  return markdownTable(
    ["Target", "Goal", "Measured", "Met", "From"],
    targets.map((t) => [t.name, t.goal, formatTarget(t), t.met === undefined ? "n/a" : t.met ? "yes" : "**no**", t.detail]),
  );
}

/** One row per scenario and peer: throughput, latency, CPU, heap allocation, ratios. */
export function loadTable(scenarios: readonly ScenarioResult[]): string {
  const rows: string[][] = [];
  for (const scenario of scenarios) {
    const base = (peer: PeerId): number | undefined => scenario.peers.find((p) => p.peer === peer)?.summary?.value;
    for (const outcome of scenario.peers) {
      const s = outcome.summary;
      rows.push([
        `${scenario.id}`,
        PEER_LABELS[outcome.peer],
        s ? `${formatNumber(s.value)} ${scenario.unit}` : `failed${outcome.error ? `: ${outcome.error.slice(0, 60)}` : ""}`,
        formatMicros(s?.p50),
        formatMicros(s?.p90),
        formatMicros(s?.p99),
        formatMicros(s?.p999),
        s ? `${formatNumber(s.clientCpuPer1k)} / ${formatNumber(s.serverCpuPer1k)}` : "–",
        allocCell(s?.clientAllocBytesPerOp, s?.serverAllocBytesPerOp),
        formatTimes(ratio(s?.value, base("grpc-node"))),
        formatPercent(ratio(s?.value, base("raw"))),
      ]);
    }
  }
  return markdownTable(["Scenario", "Peer", "Throughput", "p50", "p90", "p99", "p99.9", "CPU ms/1k ops (client / server)", "Heap alloc B/op (client / server)", "vs grpc-js (Node)", "vs raw"], rows);
}

/** "client / server" bytes per operation; a single "–" when neither side has the figure (Node peers). */
function allocCell(client: number | undefined, server: number | undefined): string {
  return client === undefined && server === undefined ? "–" : `${formatNumber(client)} / ${formatNumber(server)}`;
}

/** S7: the probe's p99 alone and under the bulk stream. */
export function fairnessTable(scenario: ScenarioResult): string {
  return markdownTable(
    ["Peer", "S1 p99 alone", "S1 p99 with bulk stream", "Ratio", "Bulk stream"],
    scenario.peers.map((o) => [
      PEER_LABELS[o.peer],
      formatMicros(o.summary?.aloneP99),
      formatMicros(o.summary?.p99),
      formatTimes(ratio(o.summary?.p99, o.summary?.aloneP99)),
      o.summary?.bulkMBps !== undefined ? `${formatNumber(o.summary.bulkMBps)} MB/s` : "–",
    ]),
  );
}

/** S6: memory and idle CPU per peer. */
export function idleTable(outcomes: readonly IdleOutcome[]): string {
  const rss = (peer: PeerId): number | undefined => outcomes.find((o) => o.peer === peer)?.summary?.rssPerConnection;
  return markdownTable(
    ["Peer", "Connections", "Server RSS / connection", "Server heap / connection", "Server CPU idle", "Open time", "RSS vs grpc-js (Node)", "RSS vs raw"],
    outcomes.map((o) => {
      const s = o.summary;
      return [
        PEER_LABELS[o.peer],
        s ? String(s.connections) : `failed${o.error ? `: ${o.error.slice(0, 60)}` : ""}`,
        formatKiB(s?.rssPerConnection),
        formatKiB(s?.heapPerConnection),
        s ? `${s.idleCpuPercent.toFixed(2)} %` : "–",
        s ? `${(s.openMs / 1000).toFixed(1)} s` : "–",
        formatTimes(ratio(s?.rssPerConnection, rss("grpc-node"))),
        formatTimes(ratio(s?.rssPerConnection, rss("raw"))),
      ];
    }),
  );
}

/** S8: server CPU per connection for each mode, and its multiple of the raw floor it is compared with. */
export function churnTable(outcomes: readonly ChurnOutcome[]): string {
  const cpu = (mode: string): number | undefined => outcomes.find((o) => o.mode === mode)?.summary?.serverCpuUsPerConnection;
  return markdownTable(
    ["Mode", "Server CPU / connection", "vs raw", "Raw baseline", "Connections/s (client)", "Failed"],
    outcomes.map((o) => {
      const s = o.summary;
      const baseline = CHURN_BASELINE[o.mode];
      return [
        o.mode,
        s ? `${formatNumber(s.serverCpuUsPerConnection)} µs` : `failed${o.error ? `: ${o.error.slice(0, 60)}` : ""}`,
        baseline === o.mode ? "1×" : formatTimes(ratio(s?.serverCpuUsPerConnection, cpu(baseline))),
        baseline,
        s ? formatNumber(s.perSecond) : "–",
        s ? String(s.failed) : "–",
      ];
    }),
  );
}

/** The whole results.md. `charts` are file names relative to it. */
export function resultsMarkdown(results: RunResults, targets: readonly TargetCheck[], charts: readonly string[]): string {
  const m = results.machine;
  const fairness = results.scenarios.find((s) => s.id === "S7");
  const parts = [
    `# Strand benchmark results (${results.mode} run)`,
    "",
    `Run ${results.startedAt}: ${m.cpuModel}, ${m.cores} cores, ${(m.memoryBytes / 2 ** 30).toFixed(1)} GiB, ${m.os}; Bun ${m.bun}, Node ${m.node}; load average ${m.loadAverage.toFixed(2)} at start${m.cpuStealPercent === undefined ? "" : `; CPU steal (time the hypervisor gave other guests) ${m.cpuStealPercent.toFixed(1)} % during the run`}.`,
    `Each figure is the median of ${String(results.settings["repeats"])} repeats of a ${String(results.settings["durationMs"])} ms window after ${String(results.settings["warmupMs"])} ms of warm-up; client and server in separate processes. Ratios compare peers measured in this same run: "vs grpc-js (Node)" is the peer's figure divided by grpc-js on Node (higher is better for throughput), "vs raw" the share of the raw Bun TCP limit.`,
    "",
    "## Targets (issues 6 and 20)",
    "",
    targetsTable(targets),
    "",
    "## Load scenarios",
    "",
    "Latency columns are per call (S1, S2, S5, S7 probe) or per round trip (S4). CPU is user + system time per 1,000 operations, in milliseconds (equivalently µs per operation); for S7 it includes the bulk stream. Heap alloc is the bytes each side allocated on its JS heap per call at S2@100, as JSC's GC log counted them in a separate pass (the log slows processes down, so the measured runs go without it; Bun peers only; native buffers outside the JS heap not counted).",
    "",
    loadTable(results.scenarios),
  ];
  parts.push(...websocketSection(results.scenarios));
  parts.push(...compressionSection(results.scenarios));
  parts.push(...instrumentedSection(results.scenarios));
  if (fairness !== undefined) parts.push("", "## S7 fairness", "", fairnessTable(fairness));
  if (results.idle !== undefined) {
    parts.push("", `## S6 idle connections (${results.idle.connections} per peer, keep-alive on, ${results.idle.windowMs} ms idle window)`, "", idleTable(results.idle.peers));
  }
  if (results.churn !== undefined && results.churn.modes.length > 0) {
    parts.push(
      "",
      `## S8 connection churn (${results.churn.connections} connections per repeat, ${results.churn.concurrency} at a time)`,
      "",
      "Server CPU (user + system) from accept to close, per connection; \"vs raw\" divides by the raw `Bun.listen` mode that does the least for the same kind of connection.",
      "",
      churnTable(results.churn.modes),
    );
  }
  if (charts.length > 0) parts.push("", "## Charts", "", ...charts.map((c) => `- [${c}](${c})`));
  return `${parts.join("\n")}\n`;
}
