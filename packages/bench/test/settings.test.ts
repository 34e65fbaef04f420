import { expect, test } from "bun:test";
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
