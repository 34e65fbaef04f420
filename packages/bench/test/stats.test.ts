import { describe, expect, test } from "bun:test";
import { median, medianOf, percentile, ratio } from "../src/report/stats.ts";
import { medianCurve, summarize } from "../src/orchestrator/summarize.ts";
import type { Measurement } from "../src/report/results-model.ts";

describe("percentile and median", () => {
  test("interpolate between order statistics, whatever the input order", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(percentile([10, 20, 30, 40, 50], 0)).toBe(10);
    expect(percentile([10, 20, 30, 40, 50], 100)).toBe(50);
    expect(percentile([10, 20, 30, 40, 50], 25)).toBe(20);
    expect(percentile([0, 100], 99)).toBeCloseTo(99, 10);
  });

  test("reject empty input and out-of-range percentiles", () => {
    expect(() => median([])).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });

  test("medianOf skips missing metrics; ratio guards against missing and zero", () => {
    expect(medianOf([{ v: 1 }, { v: undefined }, { v: 5 }], (x) => x.v)).toBe(3);
    expect(medianOf([{ v: undefined }], (x) => x.v)).toBeUndefined();
    expect(ratio(6, 3)).toBe(2);
    expect(ratio(6, 0)).toBeUndefined();
    expect(ratio(undefined, 3)).toBeUndefined();
  });
});

describe("summarize", () => {
  const repeat = (rate: number, p99: number): Measurement => ({
    ops: rate,
    seconds: 1,
    rate,
    clientCpuUs: rate * 10,
    serverCpuUs: rate * 20,
    latency: { count: rate, p50: p99 / 2, p90: p99 / 2, p99, p999: p99 * 2, max: p99 * 3, curve: [[50, p99 / 2], [99, p99]] },
  });

  test("takes the median of every metric independently and converts MB/s", () => {
    const summary = summarize([repeat(100, 30), repeat(300, 10), repeat(200, 20)], "MB/s", 1_000_000)!;
    expect(summary.rate).toBe(200);
    expect(summary.value).toBe(200);
    expect(summary.p99).toBe(20);
    expect(summary.clientCpuPer1k).toBe(10);
    expect(summary.serverCpuPer1k).toBe(20);
    expect(summary.curve).toEqual([[50, 10], [99, 20]]);
    expect(summary.aloneP99).toBeUndefined();
  });

  test("no repeats, no summary; curves are combined point by point", () => {
    expect(summarize([], "calls/s", 64)).toBeUndefined();
    expect(medianCurve([[[0, 1], [50, 5]], [[0, 3], [50, 9]], [[0, 2], [50, 7]]])).toEqual([[0, 2], [50, 7]]);
  });
});
