/** Fewest milliseconds between two bandwidth-delay probes (keeps us far below peers' ping limits). */
export const BDP_PROBE_INTERVAL_MS = 250;

/**
 * Estimates the bandwidth-delay product from received data, as grpc-go does: when data arrives
 * and no probe is out, send a PING and count the bytes that arrive until its ACK. If that sample
 * fills most of the current window, the window is what limits throughput, so it doubles (never
 * past `maxWindow`). Probes are spaced by {@link BDP_PROBE_INTERVAL_MS} so they stay well inside
 * the peer's ping budget (8/s by default).
 */
export class BdpEstimator {
  /** Current receive window target per stream, in bytes. */
  window: number;
  private sample = 0;
  private probing = false;
  private lastProbeAt = -Infinity;

  constructor(
    initialWindow: number,
    private readonly maxWindow: number,
  ) {
    this.window = initialWindow;
  }

  /** Data arrived; true means: send a probe PING now. */
  received(bytes: number, now: number): boolean {
    if (this.probing) {
      this.sample += bytes;
      return false;
    }
    if (this.window >= this.maxWindow || now - this.lastProbeAt < BDP_PROBE_INTERVAL_MS) return false;
    this.probing = true;
    this.sample = bytes;
    this.lastProbeAt = now;
    return true;
  }

  /** The probe was acknowledged; returns the new, larger window if it should grow. */
  acked(): number | undefined {
    this.probing = false;
    if (this.sample < (this.window * 2) / 3) return undefined;
    const next = Math.min(this.maxWindow, Math.max(this.window * 2, this.sample * 2));
    if (next <= this.window) return undefined;
    this.window = next;
    return next;
  }
}
