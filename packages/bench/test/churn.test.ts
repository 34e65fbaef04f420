import { expect, test } from "bun:test";
import { join } from "node:path";
import { runChurn } from "../src/orchestrator/run-churn.ts";
import { parseSettings } from "../src/orchestrator/settings.ts";
import { CHURN_MODES } from "../src/peers/churn-dialers.ts";

const root = join(import.meta.dir, "..");
// Neither S8 server runs on Node: the paths to the Node bundles are never used.
const paths = { root, bun: process.execPath, node: "node", bundles: { server: "", client: "" } };

test("S8 churns every mode against its server and reports server CPU per connection", async () => {
  const settings = parseSettings(["--quick", "--only", "S8", "--churn", "20", "--repeats", "1", "--peers", "strand,raw"]);
  expect([settings.churnConnections, settings.churnConcurrency, settings.churnRepeats]).toEqual([20, 64, 1]);
  const outcomes = await runChurn(settings, paths, () => {});
  expect(outcomes.map((o) => o.mode)).toEqual([...CHURN_MODES]);
  for (const o of outcomes) {
    expect(o.error).toBeUndefined();
    expect(o.summary?.connections).toBe(20);
    expect(o.summary?.failed).toBe(0);
    expect(o.summary!.serverCpuUsPerConnection).toBeGreaterThan(0);
  }
}, 60_000);

test("--churn sets S8's connection count; quick and full runs default to 2,000 and 5,000", () => {
  expect(parseSettings(["--quick"]).churnConnections).toBe(2_000);
  expect(parseSettings([]).churnConnections).toBe(5_000);
  expect(() => parseSettings(["--churn", "0"])).toThrow(/--churn/);
});
