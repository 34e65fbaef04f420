import type { Code } from "@strand/rpc";
import type { CallInstruments, MethodSeries } from "./call-instruments.ts";
import type { MethodLabels } from "./method-labels.ts";
import { statusLabel } from "./status-label.ts";

/**
 * One call being measured: started on construction, handled exactly once by {@link end} — a
 * streaming call can end from several places (its stream's end, an error, the reader leaving, the
 * server call's signal) and must count once, and leave the in-flight gauge once.
 */
export class CallRecord {
  private readonly startedAt = performance.now();
  private readonly series: MethodSeries;
  private ended = false;

  constructor(
    private readonly instruments: CallInstruments,
    labels: MethodLabels,
    /** The code a non-`RpcError` failure counts as. */
    private readonly fallback: Code,
  ) {
    this.series = instruments.start(labels);
  }

  received(): void {
    this.series.received++;
  }

  sent(): void {
    this.series.sent++;
  }

  /** Ends the call with `error` (`undefined`: OK); later calls are ignored. */
  end(error: unknown): void {
    if (this.ended) return;
    this.ended = true;
    this.instruments.handle(this.series, statusLabel(error, this.fallback), (performance.now() - this.startedAt) / 1000);
  }
}
