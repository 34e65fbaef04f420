import { expect, test } from "bun:test";
import { ErrorCode, type SessionState, type WireError } from "@strand/wire";
import { verifyConnectionLifecycle, type ConnectionLifecycle } from "./connection-lifecycle.ts";
import { AGE_REASON, ConnectionSweep, IDLE_REASON, type SweptSession } from "./connection-sweep.ts";

/** A session as the sweep sees it: records GOAWAYs and closes; `activeStreams` is set by the test. */
class FakeSession implements SweptSession {
  state: SessionState = "open";
  activeStreams = 0;
  readonly goAways: { code: ErrorCode; reason: string }[] = [];
  closedWith: WireError | undefined;
  goAway(code: ErrorCode = ErrorCode.NoError, reason = ""): Promise<WireError | undefined> {
    this.goAways.push({ code, reason });
    this.state = "draining";
    return Promise.resolve(undefined);
  }
  close(error?: WireError): void {
    this.closedWith = error;
    this.state = "closed";
  }
  get closed(): Promise<WireError | undefined> {
    return Promise.resolve(this.closedWith);
  }
}

/** A sweep over one fake listener, on a clock the test moves; jitter factor 1 (random 0.5). */
function harness(options: Partial<ConnectionLifecycle>, random = () => 0.5) {
  const clock = { now: 0 };
  const listener = { sessions: new Set<FakeSession>() };
  const listeners = [listener];
  const sweep = new ConnectionSweep<FakeSession>(verifyConnectionLifecycle(options), () => listeners, () => clock.now, random);
  const at = (ms: number) => {
    clock.now = ms;
    sweep.sweep();
  };
  const connect = () => {
    const s = new FakeSession();
    listener.sessions.add(s);
    return s;
  };
  return { clock, listener, listeners, sweep, at, connect };
}

test("age: GOAWAY NO_ERROR once the connection's own age is reached, not before; the call's ctx.draining aborts then", () => {
  const { at, connect, sweep, listener } = harness({ maxConnectionAgeMs: 1000 });
  const a = connect();
  at(0);
  const draining = new AbortController().signal;
  const ctxDraining = sweep.streamOpened(a, draining);
  expect(ctxDraining).not.toBe(draining); // the connection's own signal
  at(999);
  expect(a.goAways).toEqual([]);
  expect(ctxDraining.aborted).toBe(false);
  const b = connect(); // accepted later: its own age counts from when it was first seen
  at(1000);
  expect(a.goAways).toEqual([{ code: ErrorCode.NoError, reason: AGE_REASON }]);
  expect(ctxDraining.aborted).toBe(true);
  expect(b.goAways).toEqual([]);
  // Infinite grace (the default): the calls take what they need.
  at(1_000_000);
  expect(a.closedWith).toBeUndefined();
  expect(b.goAways.length).toBe(1);
  // A call on an aged connection (one that crossed nothing: it arrived before the GOAWAY) sees draining at once.
  expect(sweep.streamOpened(a, draining).aborted).toBe(true);
  listener.sessions.clear();
});

test("jitter: with the factor at its ends, the same limit ages connections at 0.9× and 1.1×", () => {
  const low = harness({ maxConnectionAgeMs: 1000 }, () => 0);
  const early = low.connect();
  low.at(0);
  low.at(899);
  expect(early.goAways.length).toBe(0);
  low.at(900);
  expect(early.goAways.length).toBe(1);
  const high = harness({ maxConnectionAgeMs: 1000 }, () => 0.999_999);
  const late = high.connect();
  high.at(0);
  high.at(1099);
  expect(late.goAways.length).toBe(0);
  high.at(1100);
  expect(late.goAways.length).toBe(1);
});

test("grace: a connection still draining maxConnectionAgeGraceMs after its age GOAWAY is closed with CANCEL", () => {
  const { at, connect } = harness({ maxConnectionAgeMs: 100, maxConnectionAgeGraceMs: 50 });
  const s = connect();
  s.activeStreams = 1;
  at(0);
  at(100);
  expect(s.goAways.length).toBe(1);
  at(149);
  expect(s.closedWith).toBeUndefined();
  at(150);
  expect(s.closedWith?.code).toBe(ErrorCode.Cancel);
  expect(s.closedWith?.message).toContain("maxConnectionAgeGraceMs (50 ms) over");
});

test("grace 0: the calls still running are cancelled with the GOAWAY", () => {
  const { at, connect } = harness({ maxConnectionAgeMs: 100, maxConnectionAgeGraceMs: 0 });
  const s = connect();
  at(0);
  at(100);
  expect(s.goAways.length).toBe(1);
  expect(s.closedWith?.code).toBe(ErrorCode.Cancel);
});

test("the grace is enforced even after the server stopped listening (the connection left its listeners)", () => {
  const { at, connect, listeners, sweep } = harness({ maxConnectionAgeMs: 100, maxConnectionAgeGraceMs: 50 });
  const s = connect();
  at(0);
  at(100);
  listeners.length = 0;
  at(120);
  expect(sweep.tracked).toBe(1);
  at(150);
  expect(s.closedWith?.code).toBe(ErrorCode.Cancel);
  at(160);
  expect(sweep.tracked).toBe(0);
});

test("idle: GOAWAY after maxConnectionIdleMs without a call open; an open call, or one that came and went between sweeps, restarts the count", () => {
  const { at, connect, sweep } = harness({ maxConnectionIdleMs: 100 });
  const s = connect();
  const listenerDraining = new AbortController().signal;
  at(0);
  s.activeStreams = 1;
  expect(sweep.streamOpened(s, listenerDraining)).toBe(listenerDraining); // no age limit: the listener's signal
  at(90);
  at(150); // busy all along
  s.activeStreams = 0;
  at(160); // idle from here: its call ended after the sweep at 150
  at(259);
  expect(s.goAways).toEqual([]);
  sweep.streamOpened(s, listenerDraining); // a short call between two sweeps
  at(260); // busy since the last sweep
  at(270); // idle from here
  at(369);
  expect(s.goAways).toEqual([]);
  at(370);
  expect(s.goAways).toEqual([{ code: ErrorCode.NoError, reason: IDLE_REASON }]);
  at(1000); // once
  expect(s.goAways.length).toBe(1);
});

test("a connection the server or client is already draining is left alone", () => {
  const { at, connect } = harness({ maxConnectionAgeMs: 100, maxConnectionIdleMs: 100 });
  const s = connect();
  at(0);
  s.state = "draining";
  at(500);
  expect(s.goAways).toEqual([]);
});

test("serverClosing aborts the connections' own draining signals; closed connections are forgotten; the sweep stops with nothing left", () => {
  const { at, connect, sweep, listener, listeners } = harness({ maxConnectionAgeMs: 1000 });
  const s = connect();
  at(0);
  const signal = sweep.streamOpened(s, new AbortController().signal);
  const reason = new Error("server shutting down");
  sweep.serverClosing(reason);
  expect(signal.reason).toBe(reason);
  // Once the listener is draining, calls get its signal directly.
  const listenerDraining = AbortSignal.abort(reason);
  expect(sweep.streamOpened(s, listenerDraining)).toBe(listenerDraining);
  s.close();
  listener.sessions.delete(s);
  at(10);
  expect(sweep.tracked).toBe(0);
  sweep.start();
  listeners.length = 0;
  at(20); // no listener, nothing tracked: stops its timer (the test would hang on a leaked ref'd timer otherwise)
  expect(sweep.tracked).toBe(0);
});

test("idle: a connection that never carried a call is idle from its accept", () => {
  const { at, connect } = harness({ maxConnectionIdleMs: 100 });
  const s = connect();
  at(0);
  at(99);
  expect(s.goAways).toEqual([]);
  at(100);
  expect(s.goAways).toEqual([{ code: ErrorCode.NoError, reason: IDLE_REASON }]);
});
