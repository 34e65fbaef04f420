import { expect, test } from "bun:test";
import type { Session } from "@strand/wire";
import { createSessionPair } from "@strand/wire/testing";
import { verifyBackoff } from "./backoff.ts";
import { createLoadBalancer, type LoadBalancer } from "./load-balancer.ts";
import type { ReadinessCheck } from "./readiness-check.ts";
import { Subchannel } from "./subchannel.ts";

/** A dialer the test settles by hand; counts its attempts. */
function manualDialer() {
  const attempts: { resolve: (s: Session) => void; reject: (e: Error) => void }[] = [];
  const dial = () => new Promise<Session>((resolve, reject) => attempts.push({ resolve, reject }));
  return { dial, attempts, connect: () => attempts.at(-1)!.resolve(createSessionPair().client), fail: () => attempts.at(-1)!.reject(new Error("refused")) };
}

const retry = { backoff: verifyBackoff({ initialMs: 60_000, maxMs: 60_000 }) };

function setup(policy: "round_robin" | "pick_first", n: number, readiness?: ReadinessCheck) {
  const lb: LoadBalancer = createLoadBalancer(policy);
  const dialers = Array.from({ length: n }, manualDialer);
  const subchannels = dialers.map((d, i) => new Subchannel(`s${i}`, d.dial, { ...retry, readiness }, (s, previous) => lb.subchannelChanged(s, previous)));
  lb.setSubchannels(subchannels);
  return { lb, dialers, subchannels };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
}

test("round_robin: nothing connects before demand; then every address does, and picks rotate over the ready ones only", async () => {
  const { lb, dialers, subchannels } = setup("round_robin", 3);
  expect(dialers.map((d) => d.attempts.length)).toEqual([0, 0, 0]);
  expect(lb.pick()).toBeUndefined();
  lb.exitIdle();
  expect(dialers.map((d) => d.attempts.length)).toEqual([1, 1, 1]);
  dialers[0]!.connect();
  dialers[2]!.connect();
  await tick();
  const picks = Array.from({ length: 6 }, () => lb.pick());
  const sessions = [subchannels[0]!.session, subchannels[2]!.session];
  expect(picks.filter((p) => p === sessions[0]).length).toBe(3);
  expect(picks.filter((p) => p === sessions[1]).length).toBe(3);
  dialers[1]!.connect();
  await tick();
  const spread = new Set(Array.from({ length: 3 }, () => lb.pick()));
  expect(spread.size).toBe(3);
});

test("round_robin: a connection that ends goes idle and is redialled by the next pick; removed subchannels are no longer picked", async () => {
  const { lb, dialers, subchannels } = setup("round_robin", 2);
  lb.exitIdle();
  dialers[0]!.connect();
  dialers[1]!.connect();
  await tick();
  subchannels[1]!.session!.close();
  await tick();
  expect(subchannels[1]!.state).toBe("idle");
  expect(lb.pick()).toBe(subchannels[0]!.session);
  expect(dialers[1]!.attempts.length).toBe(2);
  lb.setSubchannels([subchannels[1]!]);
  expect(lb.pick()).toBeUndefined();
});

test("round_robin with a readiness check: a connection takes picks only once it reports serving, and none while it reports not serving", async () => {
  const reports: ((serving: boolean) => void)[] = [];
  const { lb, dialers, subchannels } = setup("round_robin", 2, (_t, report) => reports.push(report));
  lb.exitIdle();
  dialers[0]!.connect();
  dialers[1]!.connect();
  await tick();
  expect(subchannels.map((s) => s.pickState)).toEqual(["connecting", "connecting"]);
  expect(lb.pick()).toBeUndefined();
  reports[0]!(true);
  reports[1]!(false);
  expect(subchannels.map((s) => s.pickState)).toEqual(["ready", "transient_failure"]);
  expect(new Set([lb.pick(), lb.pick(), lb.pick()])).toEqual(new Set([subchannels[0]!.session]));
  reports[1]!(true);
  expect(new Set([lb.pick(), lb.pick()]).size).toBe(2);
});

test("pick_first: dials in order, the next only after the happy-eyeballs delay; the first ready wins and the other attempts are abandoned", async () => {
  const { lb, dialers, subchannels } = setup("pick_first", 3);
  lb.exitIdle();
  expect(dialers.map((d) => d.attempts.length)).toEqual([1, 0, 0]);
  await until(() => dialers[1]!.attempts.length === 1, "the second attempt");
  expect(dialers[2]!.attempts.length).toBe(0);
  dialers[1]!.connect();
  await tick();
  expect(lb.pick()).toBe(subchannels[1]!.session!);
  expect(lb.pick()).toBe(subchannels[1]!.session!);
  expect(subchannels[0]!.state).toBe("idle");
  // The first address connecting late is closed, not used.
  const late = createSessionPair().client;
  dialers[0]!.attempts[0]!.resolve(late);
  await tick();
  expect(late.state).not.toBe("open");
  expect(subchannels[0]!.session).toBeUndefined();
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(dialers[2]!.attempts.length).toBe(0);
});

test("pick_first: a failed attempt moves on at once; when the selected connection is lost, demand starts again from the top", async () => {
  const { lb, dialers, subchannels } = setup("pick_first", 2);
  lb.exitIdle();
  dialers[0]!.fail();
  await tick();
  expect(dialers[1]!.attempts.length).toBe(1);
  dialers[1]!.connect();
  await tick();
  expect(lb.pick()).toBe(subchannels[1]!.session!);
  subchannels[1]!.session!.close();
  await tick();
  expect(lb.pick()).toBeUndefined();
  lb.exitIdle();
  // subchannel 0 is idle again (disconnected when 1 was selected): the new pass dials it first.
  expect(dialers[0]!.attempts.length).toBe(2);
  dialers[0]!.connect();
  await tick();
  expect(lb.pick()).toBe(subchannels[0]!.session!);
  lb.close();
});
