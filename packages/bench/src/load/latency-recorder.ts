/**
 * Latency histograms: hdr-histogram-js with microsecond resolution and 3 significant digits, so
 * p99.9 of a sub-millisecond ping-pong is as precise as its median. Node-compatible.
 */
import * as hdr from "hdr-histogram-js";

/** Percentiles of one latency distribution. Microseconds. */
export interface LatencySummary {
  readonly count: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
  /** [percentile, µs] points for percentile-curve charts, from 0 to 99.99. */
  readonly curve: ReadonlyArray<readonly [number, number]>;
}

/** Percentiles drawn on the latency curve charts ("nines" spacing). */
export const CURVE_PERCENTILES: readonly number[] = [0, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99];

/** Records call latencies measured with `performance.now()` (milliseconds, fractional). */
export class LatencyRecorder {
  private readonly histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 120_000_000, numberOfSignificantValueDigits: 3 });

  /** Records one latency given in milliseconds (stored as whole microseconds, at least 1). */
  recordMs(ms: number): void {
    this.histogram.recordValue(Math.max(1, Math.round(ms * 1000)));
  }

  /** Forgets everything: called when the warm-up ends. */
  reset(): void {
    this.histogram.reset();
  }

  /** The percentiles of what was recorded since the last reset. */
  summary(): LatencySummary {
    const h = this.histogram;
    return {
      count: h.totalCount,
      p50: h.getValueAtPercentile(50),
      p90: h.getValueAtPercentile(90),
      p99: h.getValueAtPercentile(99),
      p999: h.getValueAtPercentile(99.9),
      max: h.maxValue,
      curve: CURVE_PERCENTILES.map((p) => [p, h.getValueAtPercentile(p)] as const),
    };
  }
}
