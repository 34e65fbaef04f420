import { expect, test } from "bun:test";
import { loadScenarios } from "../src/orchestrator/plan.ts";
import { clientArgv, serverArgv } from "../src/orchestrator/peers.ts";
import { parseSettings } from "../src/orchestrator/settings.ts";
import { resultsMarkdown } from "../src/report/markdown.ts";
import { otelVsPlain } from "../src/report/otel.ts";
import type { RunResults, ScenarioResult } from "../src/report/results-model.ts";

test("Strand with OpenTelemetry is a default peer that runs every S2 level and nothing else", () => {
  const all = parseSettings(["--quick"]);
  expect(all.peers).toContain("strand-otel");
  expect(all.idlePeers).not.toContain("strand-otel");
  expect(loadScenarios(all).filter((s) => s.peers.includes("strand-otel")).map((s) => s.id)).toEqual(["S2@10", "S2@100", "S2@1000"]);
  const chosen = loadScenarios(parseSettings(["--peers", "strand,strand-otel", "--only", "S1,S2", "--inflight", "100"]));
  expect(chosen.map((s) => [s.id, s.peers])).toEqual([
    ["S1", ["strand"]],
    ["S2@100", ["strand", "strand-otel"]],
  ]);
  // The same workers as plain Strand, told to install the SDK and the interceptors.
  const paths = { root: "/b", bun: "bun", node: "node", bundles: { server: "s.mjs", client: "c.mjs" } };
  expect(serverArgv("strand-otel", paths)).toEqual(["bun", "/b/src/workers/strand-server.ts", "{}", "--otel"]);
  expect(clientArgv("strand-otel", paths, "{}")).toEqual(["bun", "/b/src/workers/strand-client.ts", "{}", "{}", "--otel"]);
});

const scenario = (id: string, values: Record<string, number>, p99?: Record<string, number>): ScenarioResult => ({
  id,
  title: id,
  unit: "calls/s",
  bytesPerOp: 64,
  spec: { kind: "unary", size: 64, inflight: 100, warmupMs: 0, durationMs: 1 },
  peers: Object.entries(values).map(([peer, value]) => ({
    peer: peer as "strand",
    repeats: [],
    summary: { value, rate: value, clientCpuPer1k: peer === "strand" ? 10 : 15, serverCpuPer1k: peer === "strand" ? 8 : 12, ...(p99 ? { p99: p99[peer] } : {}) },
  })),
});

test("the OpenTelemetry table gives instrumented over plain, where both ran", () => {
  const scenarios = [scenario("S1", { strand: 10_000 }), scenario("S2@100", { strand: 100_000, "strand-otel": 60_000 }, { strand: 2_000, "strand-otel": 3_000 })];
  const rows = otelVsPlain(scenarios);
  expect(rows.map((r) => [r.scenario, r.ratio, r.p99?.ratio, r.clientCpuRatio, r.serverCpuRatio])).toEqual([["S2@100", 0.6, 1.5, 1.5, 1.5]]);
  const machine = { cpuModel: "cpu", cores: 2, memoryBytes: 2 ** 30, os: "os", bun: "1", node: "v20", loadAverage: 0 };
  const results: RunResults = { startedAt: "now", mode: "quick", settings: { repeats: 3, durationMs: 1, warmupMs: 1 }, machine, scenarios, idle: undefined };
  const md = resultsMarkdown(results, [], []);
  expect(md).toContain("## Strand with OpenTelemetry vs without");
  expect(md.split("\n").some((line) => line.startsWith("| S2@100 | 100k calls/s | 60k calls/s | 0.6× |"))).toBe(true);
  expect(resultsMarkdown({ ...results, scenarios: [scenarios[0]!] }, [], [])).not.toContain("OpenTelemetry");
});
