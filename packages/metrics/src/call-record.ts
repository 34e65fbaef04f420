import type { Code } from "@strand/rpc";
import type { CallInstruments } from "./call-instruments.ts";
import type { MethodLabels } from "./method-labels.ts";
import { statusLabel } from "./status-label.ts";

/**
 * One call being measured: started on construction, handled exactly once by {@link end} — a
 * streaming call can end from several places (its stream's end, an error, the reader leaving, the
 * server call's signal) and must count once, and leave the in-flight gauge once.
 */
export class CallRecord {
  private readonly startedAt: number;
  private ended = false;

  constructor(
    private readonly instruments: CallInstruments,
    readonly labels: MethodLabels,
    /** The code a non-`RpcError` failure counts as. */
    private readonly fallback: Code,
  ) {
    this.startedAt = instruments.start(labels);
  }

  received(): void {
    this.instruments.receivedMessage(this.labels);
  }

  sent(): void {
    this.instruments.sentMessage(this.labels);
  }

  /** Ends the call with `error` (`undefined`: OK); later calls are ignored. */
  end(error: unknown): void {
    if (this.ended) return;
    this.ended = true;
    this.instruments.handle(this.labels, statusLabel(error, this.fallback), this.startedAt);
  }
}
