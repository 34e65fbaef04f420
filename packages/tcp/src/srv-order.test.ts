import { expect, test } from "bun:test";
import { orderSrv } from "./srv-order.ts";

const srv = (name: string, priority: number, weight: number, port = 7000) => ({ name, port, priority, weight });

test("lower priority first; '.' targets are dropped", () => {
  const ordered = orderSrv([srv("c", 20, 1), srv(".", 0, 1), srv("a", 10, 1), srv("b", 10, 1)], Math.random);
  expect(ordered.map((r) => r.name).slice(2)).toEqual(["c"]);
  expect(new Set(ordered.slice(0, 2).map((r) => r.name))).toEqual(new Set(["a", "b"]));
});

test("within a priority, the first record is drawn in proportion to its weight (RFC 2782)", () => {
  let seed = 1;
  const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
  const firsts = new Map<string, number>();
  for (let i = 0; i < 4000; i++) {
    const first = orderSrv([srv("light", 0, 10), srv("heavy", 0, 30)], random)[0]!.name;
    firsts.set(first, (firsts.get(first) ?? 0) + 1);
  }
  const heavyShare = firsts.get("heavy")! / 4000;
  expect(heavyShare).toBeGreaterThan(0.65);
  expect(heavyShare).toBeLessThan(0.85);
});

test("every record is kept exactly once, weight-0 ones included", () => {
  const records = [srv("a", 0, 0), srv("b", 0, 5), srv("c", 0, 0), srv("d", 1, 0)];
  for (const r of [() => 0, () => 0.999999, Math.random]) {
    const ordered = orderSrv(records, r);
    expect(ordered.map((x) => x.name).sort()).toEqual(["a", "b", "c", "d"]);
    expect(ordered.at(-1)!.name).toBe("d");
  }
  // With the smallest draw, a weight-0 record (placed first) comes first.
  expect(orderSrv(records, () => 0)[0]!.weight).toBe(0);
});
