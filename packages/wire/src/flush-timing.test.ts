import { expect, test } from "bun:test";
import { type Flushable, scheduleFlush } from "./flush-timing.ts";

function recorder(log: string[], name: string): Flushable {
  return { earlyTurn: -1, flushNow: () => log.push(name) };
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

test("a session's first flush of a turn runs once the current callback's promise jobs are done, before the turn's end", async () => {
  const log: string[] = [];
  const a = recorder(log, "a");
  const b = recorder(log, "b");
  setImmediate(() => log.push("end of turn"));
  scheduleFlush(a);
  scheduleFlush(b);
  log.push("callback done");
  await Promise.resolve();
  expect(log).toEqual(["callback done", "a", "b"]);
  await nextTurn();
  expect(log).toEqual(["callback done", "a", "b", "end of turn"]);
});

test("further flushes in the same turn wait for its end (coalesced), and the next turn flushes early again", async () => {
  const log: string[] = [];
  const a = recorder(log, "a");
  scheduleFlush(a);
  await Promise.resolve();
  scheduleFlush(a);
  await Promise.resolve();
  expect(log).toEqual(["a"]);
  await nextTurn();
  expect(log).toEqual(["a", "a"]);
  await nextTurn();
  scheduleFlush(a);
  await Promise.resolve();
  expect(log).toEqual(["a", "a", "a"]);
});
