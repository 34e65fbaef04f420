import { expect, test } from "bun:test";
import { defaultConnectionLifecycle, jitteredAge, lifecycleEnabled, sweepIntervalMs, verifyConnectionLifecycle } from "./connection-lifecycle.ts";
import { verifyDurationMs } from "./close-options.ts";

test("defaults: every limit off (Infinity); set values are kept", () => {
  expect(verifyConnectionLifecycle({})).toEqual({ maxConnectionAgeMs: Infinity, maxConnectionAgeGraceMs: Infinity, maxConnectionIdleMs: Infinity });
  expect(verifyConnectionLifecycle({ maxConnectionAgeMs: 60_000, maxConnectionAgeGraceMs: 0, maxConnectionIdleMs: 1.5 })).toEqual({
    maxConnectionAgeMs: 60_000,
    maxConnectionAgeGraceMs: 0,
    maxConnectionIdleMs: 1.5,
  });
  expect(verifyConnectionLifecycle({ maxConnectionAgeMs: undefined })).toEqual(defaultConnectionLifecycle);
  expect(lifecycleEnabled(defaultConnectionLifecycle)).toBe(false);
  // A grace alone changes nothing: it only follows an age GOAWAY.
  expect(lifecycleEnabled(verifyConnectionLifecycle({ maxConnectionAgeGraceMs: 5 }))).toBe(false);
  expect(lifecycleEnabled(verifyConnectionLifecycle({ maxConnectionIdleMs: 5 }))).toBe(true);
});

test("bad values are RangeErrors naming the option: negative, NaN, not a number; 0 only for the grace", () => {
  expect(() => verifyConnectionLifecycle({ maxConnectionAgeMs: -1 })).toThrow("maxConnectionAgeMs must be a positive number of milliseconds or Infinity (off), got -1");
  expect(() => verifyConnectionLifecycle({ maxConnectionAgeMs: 0 })).toThrow(/maxConnectionAgeMs must be a positive/);
  expect(() => verifyConnectionLifecycle({ maxConnectionIdleMs: 0 })).toThrow(/maxConnectionIdleMs must be a positive/);
  expect(() => verifyConnectionLifecycle({ maxConnectionIdleMs: Number.NaN })).toThrow(/maxConnectionIdleMs .* got NaN/);
  expect(() => verifyConnectionLifecycle({ maxConnectionAgeGraceMs: -5 })).toThrow("maxConnectionAgeGraceMs must be a non-negative number of milliseconds or Infinity (off), got -5");
  expect(() => verifyConnectionLifecycle({ maxConnectionAgeGraceMs: "10" as unknown as number })).toThrow(/maxConnectionAgeGraceMs/);
  expect(() => verifyConnectionLifecycle({ maxConnectionAgeMs: -Infinity })).toThrow(/maxConnectionAgeMs/);
});

test("jitter: each connection's age is the limit × a factor in [0.9, 1.1], spread over the whole range", () => {
  expect(jitteredAge(1000, () => 0)).toBeCloseTo(900);
  expect(jitteredAge(1000, () => 0.5)).toBeCloseTo(1000);
  expect(jitteredAge(1000, () => 0.999_999)).toBeCloseTo(1100, 2);
  expect(jitteredAge(Infinity, () => 0.3)).toBe(Infinity);
  const ages = Array.from({ length: 2000 }, () => jitteredAge(10_000));
  expect(Math.min(...ages)).toBeGreaterThanOrEqual(9000);
  expect(Math.max(...ages)).toBeLessThanOrEqual(11_000);
  // Not all alike: both tails of the ±10 % range are reached (2,000 draws miss a 5 % tail with odds ~1e-44).
  expect(ages.some((a) => a < 9100)).toBe(true);
  expect(ages.some((a) => a > 10_900)).toBe(true);
});

test("the sweep runs every tenth of the shortest limit, between 10 ms and 1 s", () => {
  const of = (input: Parameters<typeof verifyConnectionLifecycle>[0]) => sweepIntervalMs(verifyConnectionLifecycle(input));
  expect(of({ maxConnectionAgeMs: 30 * 60_000 })).toBe(1000);
  expect(of({ maxConnectionAgeMs: 2000 })).toBe(180); // the shortest jittered age, 1,800 ms
  expect(of({ maxConnectionAgeMs: 60_000, maxConnectionAgeGraceMs: 500 })).toBe(50);
  expect(of({ maxConnectionAgeMs: 60_000, maxConnectionAgeGraceMs: 0 })).toBe(1000); // 0: cancelled at the GOAWAY, no wait to time
  expect(of({ maxConnectionIdleMs: 300 })).toBe(30);
  expect(of({ maxConnectionIdleMs: 20 })).toBe(10);
});

test("durations of close options: non-negative, within setTimeout's range, Infinity where allowed", () => {
  expect(verifyDurationMs("x", 0, false)).toBe(0);
  expect(verifyDurationMs("x", Infinity, true)).toBe(Infinity);
  expect(() => verifyDurationMs("close: gracePeriodMs", -1, true)).toThrow("close: gracePeriodMs must be a number of milliseconds in [0, 2147483647] or Infinity, got -1");
  expect(() => verifyDurationMs("notServingDelayMs", Infinity, false)).toThrow("notServingDelayMs must be a number of milliseconds in [0, 2147483647], got Infinity");
  expect(() => verifyDurationMs("notServingDelayMs", 2 ** 31, false)).toThrow(/notServingDelayMs/);
  expect(() => verifyDurationMs("notServingDelayMs", "5", false)).toThrow(/got 5/);
});
