/** Samples kept at most: 200 s of a 1 ms timer; the oldest half goes when full. */
const MAX_SAMPLES = 200_000;

/**
 * How late a 1 ms timer fires, sample by sample: the stretches an event loop was busy — a long
 * turn, a collector pause, the process not scheduled. In the server it shows how long one
 * connection's work held the loop; in the bystander's process, what the machine's scheduling
 * added. Together they tell where a bystander's latency went.
 */
export class LoopLag {
  private lags: number[] = [];
  private last = performance.now();
  private readonly timer: ReturnType<typeof setInterval>;

  constructor() {
    this.timer = setInterval(() => {
      const now = performance.now();
      this.lags.push(now - this.last - 1);
      if (this.lags.length > MAX_SAMPLES) this.lags.splice(0, MAX_SAMPLES / 2);
      this.last = now;
    }, 1);
    this.timer.unref();
  }

  /** p99, p99.9 and the largest lag since the last reset, ms, and how many samples they come from. */
  summary(): LagSummary {
    const sorted = [...this.lags].sort((a, b) => a - b);
    const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
    return { p99: at(0.99), p999: at(0.999), max: sorted.at(-1) ?? 0, samples: sorted.length };
  }

  /** Starts a new window. */
  reset(): void {
    this.lags = [];
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/** What {@link LoopLag.summary} reports. */
export interface LagSummary {
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
  readonly samples: number;
}
