import { expect, test } from "bun:test";
import { PollingResolver, type Lookup } from "./polling-resolver.ts";
import type { ResolvedAddress } from "./resolver.ts";

const address: ResolvedAddress = { hostname: "127.0.0.1", port: 7000 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function recorder(lookup: Lookup, intervalMs: number) {
  const events: string[] = [];
  let lookups = 0;
  const resolver = new PollingResolver(
    () => {
      lookups++;
      return lookup();
    },
    { onAddresses: (a) => events.push(`addresses ${a.length}`), onError: (e) => events.push(`error ${e.message}`) },
    { intervalMs, random: () => 0.5 },
  );
  return { resolver, events, lookups: () => lookups };
}

test("no lookup before resolveNow; then one at once and one per interval", async () => {
  const r = recorder(async () => [address], 40);
  await sleep(60);
  expect(r.lookups()).toBe(0);
  r.resolver.resolveNow();
  expect(r.lookups()).toBe(1);
  for (let i = 0; i < 100 && r.lookups() < 3; i++) await sleep(20);
  expect(r.lookups()).toBeGreaterThanOrEqual(3);
  expect(r.events.every((e) => e === "addresses 1")).toBe(true);
  r.resolver.close();
});

test("resolveNow within the interval of the last lookup waits for the periodic one (never more often than the interval)", async () => {
  const r = recorder(async () => [address], 60_000);
  r.resolver.resolveNow();
  await sleep(5);
  for (let i = 0; i < 5; i++) r.resolver.resolveNow();
  await sleep(5);
  expect(r.lookups()).toBe(1);
  r.resolver.close();
});

test("a failed or empty lookup is reported and retried after a backoff; close stops everything", async () => {
  let calls = 0;
  const r = recorder(async () => {
    calls++;
    if (calls === 1) throw new Error("SERVFAIL");
    if (calls === 2) return [];
    return [address];
  }, 30);
  r.resolver.resolveNow();
  for (let i = 0; i < 100 && r.events.length < 3; i++) await sleep(10);
  expect(r.events.slice(0, 3)).toEqual(["error SERVFAIL", "error name resolution returned no addresses", "addresses 1"]);
  r.resolver.close();
  const seen = r.lookups();
  await sleep(100);
  expect(r.lookups()).toBe(seen);
});

test("a lookup still running when close() is called reports nothing", async () => {
  let finish: (a: ResolvedAddress[]) => void = () => {};
  const r = recorder(() => new Promise((resolve) => (finish = resolve)), 1000);
  r.resolver.resolveNow();
  r.resolver.close();
  finish([address]);
  await sleep(5);
  expect(r.events).toEqual([]);
});
