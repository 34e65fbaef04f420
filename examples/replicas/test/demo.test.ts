/**
 * The replicas demo, shortened: calls spread over three replicas, none reach the drained one once
 * it is gone, the added one takes its share, and not one call fails.
 */
import { expect, setDefaultTimeout, test } from "bun:test";
import { runDemo } from "../src/demo.ts";

setDefaultTimeout(60_000);

test("a drain and a scale-up under 100 calls in flight lose no call", async () => {
  const lines: string[] = [];
  const result = await runDemo({ inFlight: 100, tickMs: 600, print: (line) => lines.push(line) });
  expect([result.failed, result.errors]).toEqual([0, []]);
  const first = result.ticks[0]!.calls;
  expect(Object.keys(first).sort()).toEqual(["127.0.0.2", "127.0.0.3", "127.0.0.4"]);
  const last = result.ticks.at(-1)!.calls;
  expect(Object.keys(last).sort()).toEqual(["127.0.0.2", "127.0.0.3", "127.0.0.5"]);
  expect(lines.some((l) => l === "127.0.0.4 exited with code 0")).toBe(true);
  expect(result.total).toBeGreaterThan(1000);
});
