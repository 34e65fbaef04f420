import { expect, test } from "bun:test";
import { closeOnSignal, type CloseOutcome, type Closable } from "./close-on-signal.ts";
import type { CloseOptions } from "./server-close.ts";

/** A server stand-in that records its close calls; the graceful close ends when the test says (or a force). */
function fakeServer() {
  const calls: CloseOptions[] = [];
  let finish!: () => void;
  const graceful = new Promise<void>((resolve) => (finish = resolve));
  const server: Closable = {
    close(options = {}) {
      calls.push(options);
      if (options.force === true) finish();
      return graceful;
    },
  };
  return { server, calls, finish: () => finish() };
}

// process.emit runs the handlers as a delivered signal would, without signalling the test runner.
const deliver = (signal: NodeJS.Signals) => process.emit(signal, signal);

test("the first signal closes with notServingDelayMs and gracePeriodMs; handlers are removed once closed; onClosed sees the signal", async () => {
  const { server, calls, finish } = fakeServer();
  const closed = Promise.withResolvers<CloseOutcome>();
  const before = process.listenerCount("SIGUSR2");
  closeOnSignal(server, { signals: ["SIGUSR2"], notServingDelayMs: 250, gracePeriodMs: 1000, exit: false, onClosed: (o) => closed.resolve(o) });
  expect(process.listenerCount("SIGUSR2")).toBe(before + 1);
  deliver("SIGUSR2");
  expect(calls).toEqual([{ notServingDelayMs: 250, gracePeriodMs: 1000 }]);
  finish();
  expect(await closed.promise).toEqual({ signal: "SIGUSR2", forced: false });
  expect(process.listenerCount("SIGUSR2")).toBe(before);
});

test("a second signal while closing forces the close; onClosed reports it", async () => {
  const { server, calls } = fakeServer();
  const closed = Promise.withResolvers<CloseOutcome>();
  closeOnSignal(server, { signals: ["SIGUSR2", "SIGHUP"], exit: false, onClosed: (o) => closed.resolve(o) });
  deliver("SIGHUP");
  deliver("SIGUSR2");
  deliver("SIGUSR2"); // a third changes nothing
  expect(calls).toEqual([{ notServingDelayMs: 0 }, { force: true }]);
  expect(await closed.promise).toEqual({ signal: "SIGHUP", forced: true });
});

test("the returned function removes the handlers: a later signal does nothing", () => {
  const { server, calls } = fakeServer();
  const before = process.listenerCount("SIGUSR2");
  const remove = closeOnSignal(server, { signals: ["SIGUSR2"], exit: false });
  remove();
  expect(process.listenerCount("SIGUSR2")).toBe(before);
  expect(calls).toEqual([]);
});

test("a failed close reaches onClosed as its error", async () => {
  const failure = new Error("boom");
  const closed = Promise.withResolvers<CloseOutcome>();
  closeOnSignal({ close: () => Promise.reject(failure) }, { signals: ["SIGUSR2"], exit: false, onClosed: (o) => closed.resolve(o) });
  deliver("SIGUSR2");
  expect(await closed.promise).toEqual({ signal: "SIGUSR2", forced: false, error: failure });
});

test("options are checked at once, naming the option", () => {
  const { server } = fakeServer();
  const before = process.listenerCount("SIGTERM");
  expect(() => closeOnSignal(server, { signals: [] })).toThrow("closeOnSignal: signals must be a non-empty list of signal names");
  expect(() => closeOnSignal(server, { signals: ["TERM" as NodeJS.Signals] })).toThrow(/signals must be/);
  expect(() => closeOnSignal(server, { notServingDelayMs: -1 })).toThrow("closeOnSignal: notServingDelayMs must be a number of milliseconds");
  expect(() => closeOnSignal(server, { gracePeriodMs: Number.NaN })).toThrow(/closeOnSignal: gracePeriodMs/);
  expect(() => closeOnSignal(server, { exit: "yes" as unknown as boolean })).toThrow("closeOnSignal: exit must be a boolean");
  expect(() => closeOnSignal(server, { onClosed: 5 as unknown as () => void })).toThrow("closeOnSignal: onClosed must be a function");
  expect(process.listenerCount("SIGTERM")).toBe(before); // nothing installed by a refused call
});
