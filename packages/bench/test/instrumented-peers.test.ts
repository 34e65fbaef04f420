import { expect, test } from "bun:test";
import { loadScenarios } from "../src/orchestrator/plan.ts";
import { clientArgv, INSTRUMENTED_PEERS, serverArgv } from "../src/orchestrator/peers.ts";
import { parseSettings } from "../src/orchestrator/settings.ts";
import { instrumentedByPeer, instrumentedVsPlain, otelVsPlain } from "../src/report/instrumented.ts";
import { resultsMarkdown } from "../src/report/markdown.ts";
import type { RunResults, ScenarioResult } from "../src/report/results-model.ts";

test("the instrumented peers are default peers that run every S2 level and nothing else", () => {
  const all = parseSettings(["--quick"]);
  for (const peer of INSTRUMENTED_PEERS) {
    expect(all.peers).toContain(peer);
    expect(all.idlePeers).not.toContain(peer);
    expect(loadScenarios(all).filter((s) => s.peers.includes(peer)).map((s) => s.id)).toEqual(["S2@10", "S2@100", "S2@1000"]);
  }
  const chosen = loadScenarios(parseSettings(["--peers", "strand,strand-otel,strand-metrics,strand-observed", "--only", "S1,S2", "--inflight", "100"]));
  expect(chosen.map((s) => [s.id, s.peers])).toEqual([
    ["S1", ["strand"]],
    ["S2@100", ["strand", "strand-otel", "strand-metrics", "strand-observed"]],
  ]);
});

test("the instrumented peers run plain Strand's workers, told by flags what to install", () => {
  const paths = { root: "/b", bun: "bun", node: "node", bundles: { server: "s.mjs", client: "c.mjs" } };
  const flags = { "strand-otel": ["--otel"], "strand-metrics": ["--metrics"], "strand-observed": ["--otel", "--metrics"] };
  for (const peer of INSTRUMENTED_PEERS) {
    expect(serverArgv(peer, paths)).toEqual(["bun", "/b/src/workers/strand-server.ts", "{}", ...flags[peer]]);
    expect(clientArgv(peer, paths, "{}")).toEqual(["bun", "/b/src/workers/strand-client.ts", "{}", "{}", ...flags[peer]]);
  }
});

const cpu = (peer: string, plain: number): number => (peer === "strand" ? plain : plain * 1.5);

const scenario = (id: string, values: Record<string, number>, p99?: Record<string, number>): ScenarioResult => ({
  id,
  title: id,
  unit: "calls/s",
  bytesPerOp: 64,
  spec: { kind: "unary", size: 64, inflight: 100, warmupMs: 0, durationMs: 1 },
  peers: Object.entries(values).map(([peer, value]) => ({
    peer: peer as "strand",
    repeats: [],
    summary: { value, rate: value, clientCpuPer1k: cpu(peer, 10), serverCpuPer1k: cpu(peer, 8), ...(p99 ? { p99: p99[peer] } : {}) },
  })),
});

const scenarios = [
  scenario("S1", { strand: 10_000 }),
  scenario("S2@100", { strand: 100_000, "strand-otel": 60_000, "strand-metrics": 80_000, "strand-observed": 50_000 }, { strand: 2_000, "strand-otel": 3_000, "strand-metrics": 2_500, "strand-observed": 4_000 }),
  scenario("S2@1000", { strand: 100_000, "strand-metrics": 90_000 }),
];

test("each instrumented peer is divided by plain Strand, where both ran", () => {
  expect(instrumentedVsPlain(scenarios).map((r) => [r.scenario, r.peer, r.ratio, r.p99?.ratio, r.clientCpuRatio, r.serverCpuRatio])).toEqual([
    ["S2@100", "strand-otel", 0.6, 1.5, 1.5, 1.5],
    ["S2@100", "strand-metrics", 0.8, 1.25, 1.5, 1.5],
    ["S2@100", "strand-observed", 0.5, 2, 1.5, 1.5],
    ["S2@1000", "strand-metrics", 0.9, undefined, 1.5, 1.5],
  ]);
  const byPeer = instrumentedByPeer(scenarios);
  expect(Object.keys(byPeer)).toEqual(["strand-otel", "strand-metrics", "strand-observed"]);
  expect(byPeer["strand-metrics"]?.map((r) => r.scenario)).toEqual(["S2@100", "S2@1000"]);
});

test("otelVsPlain keeps its shape in results.json", () => {
  expect(otelVsPlain(scenarios)).toEqual([
    { scenario: "S2@100", unit: "calls/s", plain: 100_000, otel: 60_000, ratio: 0.6, p99: { plain: 2_000, otel: 3_000, ratio: 1.5 }, clientCpuRatio: 1.5, serverCpuRatio: 1.5 },
  ]);
});

test("results.md has one table of every instrumented peer over plain, and none without them", () => {
  const machine = { cpuModel: "cpu", cores: 2, memoryBytes: 2 ** 30, os: "os", bun: "1", node: "v20", loadAverage: 0 };
  const results: RunResults = { startedAt: "now", mode: "quick", settings: { repeats: 3, durationMs: 1, warmupMs: 1 }, machine, scenarios, idle: undefined };
  const lines = resultsMarkdown(results, [], []).split("\n");
  expect(lines).toContain("## Strand with OpenTelemetry and Prometheus vs without (issue 19)");
  for (const row of [
    "| S2@100 | Strand + OpenTelemetry | 100k calls/s | 60k calls/s | 0.6× |",
    "| S2@100 | Strand + Prometheus | 100k calls/s | 80k calls/s | 0.8× |",
    "| S2@100 | Strand + OpenTelemetry + Prometheus | 100k calls/s | 50k calls/s | 0.5× |",
    "| S2@1000 | Strand + Prometheus | 100k calls/s | 90k calls/s | 0.9× |",
  ]) {
    expect(lines.some((line) => line.startsWith(row))).toBe(true);
  }
  const plainOnly = resultsMarkdown({ ...results, scenarios: [scenarios[0]!] }, [], []);
  expect(plainOnly).not.toContain("OpenTelemetry");
  expect(plainOnly).not.toContain("Prometheus");
});
