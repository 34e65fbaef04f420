import { expect, test } from "bun:test";
import { clientArgv, serverArgv } from "../src/orchestrator/peers.ts";
import { loadScenarios } from "../src/orchestrator/plan.ts";
import { parseSettings } from "../src/orchestrator/settings.ts";

test("S2 runs at 10, 100 and 1000 in flight unless --inflight names other levels", () => {
  const ids = (argv: string[]) => loadScenarios(parseSettings(["--quick", "--only", "S2", ...argv])).map((s) => s.id);
  expect(ids([])).toEqual(["S2@10", "S2@100", "S2@1000"]);
  expect(ids(["--inflight", "1,64"])).toEqual(["S2@1", "S2@64"]);
  const s64 = loadScenarios(parseSettings(["--only", "S2@64", "--inflight", "64"]))[0]!;
  expect(s64.spec).toMatchObject({ kind: "unary", size: 64, inflight: 64 });
});

test("bad flags fail before anything runs", () => {
  expect(() => parseSettings(["--inflight", "0"])).toThrow(/--inflight/);
  expect(() => parseSettings(["--inflight", "2.5"])).toThrow(/--inflight/);
  expect(() => parseSettings(["--peers", "nope"])).toThrow(/unknown peer/);
  expect(() => parseSettings(["--repeats", "-1"])).toThrow(/--repeats/);
});

test("Strand over WebSocket is a default peer and runs S1, every S2 level and S3 64 B only", () => {
  const all = parseSettings(["--quick"]);
  expect(all.peers).toContain("strand-ws");
  expect(all.idlePeers).not.toContain("strand-ws");
  const withWs = loadScenarios(all).filter((s) => s.peers.includes("strand-ws")).map((s) => s.id);
  expect(withWs).toEqual(["S1", "S2@10", "S2@100", "S2@1000", "S3 64 B"]);
  const chosen = parseSettings(["--peers", "strand,strand-ws", "--inflight", "100"]);
  expect(chosen.peers).toEqual(["strand", "strand-ws", "strand-push", "strand-none", "strand-zstd", "strand-gzip"]); // S3's and S9's variants come with strand
  const s3 = loadScenarios(chosen).find((s) => s.id === "S3 64 B")!;
  expect(s3.peers).toEqual(["strand", "strand-ws", "strand-push"]);
  expect(loadScenarios(chosen).find((s) => s.id === "S4")!.peers).toEqual(["strand"]);
});

test("S9 runs on Strand's compression peers only, which come with strand and take part in nothing else", () => {
  const chosen = parseSettings(["--peers", "strand", "--only", "S9,S1"]);
  expect(chosen.peers).toEqual(["strand", "strand-push", "strand-none", "strand-zstd", "strand-gzip"]);
  expect(chosen.idlePeers).toEqual(["strand"]);
  const plan = loadScenarios(chosen);
  expect(plan.map((s) => [s.id, s.peers])).toEqual([
    ["S1", ["strand"]],
    ["S9", ["strand-none", "strand-zstd", "strand-gzip"]],
  ]);
  expect(plan[1]!.spec).toMatchObject({ kind: "unary", size: 64 * 1024, payload: "text" });
  expect(loadScenarios(parseSettings(["--peers", "grpc-node", "--only", "S9"]))).toEqual([]);
});

test("the push-style peer comes with strand, runs S3 only (both sizes) beside the generator, and runs plain Strand's workers", () => {
  const chosen = parseSettings(["--peers", "strand,raw"]);
  expect(chosen.peers).toContain("strand-push");
  expect(chosen.idlePeers).not.toContain("strand-push");
  const withPush = loadScenarios(chosen).filter((s) => s.peers.includes("strand-push")).map((s) => s.id);
  expect(withPush).toEqual(["S3 64 B", "S3 1 KiB"]);
  expect(loadScenarios(chosen).find((s) => s.id === "S3 64 B")!.peers).toEqual(["strand", "raw", "strand-push"]);
  expect(parseSettings(["--peers", "raw"]).peers).toEqual(["raw"]);
  const paths = { root: "/b", bun: "bun", node: "node", bundles: { server: "s.mjs", client: "c.mjs" } };
  expect(serverArgv("strand-push", paths)).toEqual(["bun", "/b/src/workers/strand-server.ts", "{}", "--push"]);
  expect(clientArgv("strand-push", paths, "{}")).toEqual(clientArgv("strand", paths, "{}"));
});
