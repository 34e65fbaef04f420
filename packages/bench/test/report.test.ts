import { describe, expect, test } from "bun:test";
import { formatMicros, formatNumber, formatPercent, formatTimes } from "../src/report/format.ts";
import { loadTable, markdownTable, resultsMarkdown } from "../src/report/markdown.ts";
import type { ScenarioResult } from "../src/report/results-model.ts";
import { barChartSvg } from "../src/report/svg-bars.ts";
import { nines, percentileCurvesSvg } from "../src/report/svg-curves.ts";
import { evaluateTargets } from "../src/report/targets.ts";
import { cpuTimes, stealPercent } from "../src/report/machine.ts";
import { websocketVsTcp } from "../src/report/websocket.ts";
import type { RunResults } from "../src/report/results-model.ts";

const scenario = (id: string, values: Record<string, number>, p50?: Record<string, number>): ScenarioResult => ({
  id,
  title: id,
  unit: "calls/s",
  bytesPerOp: 64,
  spec: { kind: "unary", size: 64, inflight: 1, warmupMs: 0, durationMs: 1 },
  peers: Object.entries(values).map(([peer, value]) => ({
    peer: peer as "strand",
    repeats: [],
    summary: { value, rate: value, clientCpuPer1k: 1, serverCpuPer1k: 2, ...(p50 ? { p50: p50[peer] } : {}) },
  })),
});

describe("number formatting", () => {
  test("is compact and stable", () => {
    expect(formatNumber(1_234_567)).toBe("1.23M");
    expect(formatNumber(12_345)).toBe("12.3k");
    expect(formatNumber(1234)).toBe("1234");
    expect(formatNumber(0.012345)).toBe("0.0123");
    expect(formatNumber(undefined)).toBe("–");
    expect(formatMicros(950)).toBe("950 µs");
    expect(formatMicros(12_500)).toBe("12.5 ms");
    expect(formatTimes(2.3456)).toBe("2.35×");
    expect(formatPercent(0.4567)).toBe("46 %");
  });
});

describe("markdown", () => {
  test("tables have a separator row and escape pipes", () => {
    expect(markdownTable(["a", "b"], [["1", "x|y"]])).toBe("| a | b |\n| --- | --- |\n| 1 | x\\|y |");
  });

  test("load rows carry ratios against grpc-js (Node) and raw from the same scenario", () => {
    const table = loadTable([scenario("S2@100", { strand: 50_000, "grpc-node": 2_000, raw: 100_000 })]);
    const strandRow = table.split("\n").find((line) => line.includes("| Strand |"))!;
    expect(strandRow).toContain("50k calls/s");
    expect(strandRow).toContain("| 25× |");
    expect(strandRow).toContain("| 50 % |");
    expect(strandRow).toContain("| 1 / 2 |");
  });
});

describe("WebSocket vs TCP", () => {
  const scenarios = [
    scenario("S1", { strand: 10_000, "strand-ws": 8_000 }, { strand: 100, "strand-ws": 125 }),
    scenario("S2@100", { strand: 200_000, "strand-ws": 150_000, raw: 400_000 }),
    scenario("S4", { strand: 9_000 }),
  ];

  test("ratios are WebSocket over TCP, only where both transports ran", () => {
    const rows = websocketVsTcp(scenarios);
    expect(rows.map((r) => r.scenario)).toEqual(["S1", "S2@100"]);
    expect(rows[0]!.ratio).toBe(0.8);
    expect(rows[0]!.p50).toEqual({ tcp: 100, websocket: 125, ratio: 1.25 });
    expect(rows[1]!.ratio).toBe(0.75);
    expect(rows[1]!.p50).toBeUndefined();
    expect(rows[1]!.clientCpuRatio).toBe(1);
  });

  test("results.md renders the WebSocket / TCP table, and no section without WebSocket figures", () => {
    const machine = { cpuModel: "cpu", cores: 2, memoryBytes: 2 ** 30, os: "os", bun: "1", node: "v20", loadAverage: 0 };
    const results: RunResults = { startedAt: "now", mode: "quick", settings: { repeats: 3, durationMs: 1, warmupMs: 1 }, machine, scenarios, idle: undefined };
    const md = resultsMarkdown(results, [], []);
    expect(md).toContain("## Strand over WebSocket vs TCP");
    expect(md).toContain("| WebSocket / TCP |");
    const s1 = md.split("\n").find((line) => line.startsWith("| S1 | 10k calls/s |"))!;
    expect(s1).toContain("| 8000 calls/s | 0.8× | 100 µs, 125 µs | 1.25× |");
    expect(md.split("\n").some((line) => line.startsWith("| S2@100 | 200k calls/s | 150k calls/s | 0.75× |"))).toBe(true);
    expect(md).toContain("| S1 | Strand over WebSocket | 8000 calls/s |");
    const tcpOnly = resultsMarkdown({ ...results, scenarios: [scenarios[2]!] }, [], []);
    expect(tcpOnly).not.toContain("WebSocket");
  });
});

describe("targets", () => {
  test("are judged from ratios within the run", () => {
    const targets = evaluateTargets(
      [
        scenario("S2@100", { strand: 50_000, "grpc-node": 2_000, raw: 200_000 }),
        scenario("S1", { strand: 10, raw: 10 }, { strand: 30, raw: 10 }),
      ],
      undefined,
    );
    const byName = new Map(targets.map((t) => [t.name, t]));
    expect(byName.get("S2@100 vs grpc-js (Node)")!.met).toBe(true);
    expect(byName.get("S2@100 vs raw")!.measured).toBe(0.25);
    expect(byName.get("S2@100 vs raw")!.met).toBe(false);
    expect(byName.get("S1 p50 vs raw")!.measured).toBe(3);
    expect(byName.get("S1 p50 vs raw")!.met).toBe(false);
    expect(byName.get("S5 vs raw")!.met).toBeUndefined();
  });
});

describe("svg", () => {
  test("bar chart: one scaled bar per value, escaped labels, n/a for missing", () => {
    const svg = barChartSvg("T <1>", [
      { title: "S1", unit: "calls/s", bars: [{ label: "a&b", value: 100, color: "#000" }, { label: "c", value: 50, color: "#111" }, { label: "d", value: undefined, color: "#222" }] },
    ]);
    expect(svg.startsWith("<svg ")).toBe(true);
    expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
    expect(svg).toContain("T &lt;1&gt;");
    expect(svg).toContain("a&amp;b");
    expect(svg).toContain("n/a");
    const widths = [...svg.matchAll(/<rect x="150" y="[\d.]+" width="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(widths).toHaveLength(2);
    expect(widths[0]! / widths[1]!).toBeCloseTo(2, 5);
  });

  test("percentile curves: nines axis and one polyline per series", () => {
    expect(nines(0)).toBe(0);
    expect(nines(90)).toBeCloseTo(1, 10);
    expect(nines(99.9)).toBeCloseTo(3, 10);
    expect(nines(100)).toBe(4);
    const svg = percentileCurvesSvg("lat", [
      { label: "x", color: "#000", points: [[0, 10], [50, 20], [99, 100]] },
      { label: "y", color: "#111", points: [[0, 15], [99.9, 2000]], dashed: true },
    ]);
    expect(svg.match(/<polyline /g)).toHaveLength(2);
    expect(svg.match(/<polyline [^>]*stroke-dasharray/g)).toHaveLength(1);
    expect(svg).toContain(">99.9<");
  });
});

describe("machine", () => {
  test("CPU steal is the share of all CPU time between two samples, or undefined without both", () => {
    expect(stealPercent({ steal: 10, total: 1000 }, { steal: 60, total: 1200 })).toBe(25);
    expect(stealPercent(undefined, { steal: 1, total: 2 })).toBeUndefined();
    expect(stealPercent({ steal: 1, total: 5 }, { steal: 1, total: 5 })).toBeUndefined();
    const now = cpuTimes();
    if (process.platform === "linux") {
      expect(now!.total).toBeGreaterThan(0);
      expect(now!.steal).toBeLessThanOrEqual(now!.total);
    } else {
      expect(now).toBeUndefined();
    }
  });
});
