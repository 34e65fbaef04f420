import { expect, test } from "bun:test";
import { ALLOC_MARK_PREFIX } from "../src/load/alloc-mark.ts";
import { GcLog, MIN_CYCLES } from "../src/orchestrator/gc-log.ts";

const request = (bytes: number): string => `Requesting GC because bytes allocated this cycle: ${bytes} exceed bytes allowed: 7378744 normal bytes: ${bytes} oversized bytes: 0 last oversized: 0`;

test("sums the requests between two marks and swallows the GC log, not other lines", async () => {
  const log = new GcLog();
  const lines = [
    request(1_000),
    `${ALLOC_MARK_PREFIX}1`,
    request(7_000_000),
    "[GC<0x30fd37b8118>: START M 24618kb => EdenCollection, => 301kb, p=0.458206ms END]",
    "GC END!",
    request(7_500_000),
    ...Array.from({ length: MIN_CYCLES - 2 }, () => request(1_000_000)),
    `${ALLOC_MARK_PREFIX}2`,
    request(9_999),
  ];
  for (const line of lines) expect(log.take(line)).toBe(true);
  expect(log.take("TypeError: something real")).toBe(false);
  expect(await log.allocatedBetween(1, 2)).toBe(14_500_000 + (MIN_CYCLES - 2) * 1_000_000);
});

test("waits for a mark that has not arrived yet, and gives up when the stream ends", async () => {
  const log = new GcLog();
  log.take(`${ALLOC_MARK_PREFIX}1`);
  const pending = log.allocatedBetween(1, 2);
  for (let i = 0; i < MIN_CYCLES; i++) log.take(request(5));
  log.take(`${ALLOC_MARK_PREFIX}2`);
  expect(await pending).toBe(5 * MIN_CYCLES);
  const never = log.allocatedBetween(3, 4);
  log.end();
  expect(await never).toBeUndefined();
  expect(await log.allocatedBetween(undefined, 4)).toBeUndefined();
});

test("a window with fewer collections than MIN_CYCLES gives no figure (its edges could be off by a cycle each)", async () => {
  const log = new GcLog();
  log.take(`${ALLOC_MARK_PREFIX}1`);
  for (let i = 0; i < MIN_CYCLES - 1; i++) log.take(request(7_000_000));
  log.take(`${ALLOC_MARK_PREFIX}2`);
  expect(await log.allocatedBetween(1, 2)).toBeUndefined();
});
