/** Fewest milliseconds between two bandwidth-delay probes (keeps us far below peers' ping limits). */
export const BDP_PROBE_INTERVAL_MS = 250;

/**
 * Estimates the bandwidth-delay product from received data, as grpc-go does: when data arrives
 * and no probe is out, send a PING and count the bytes that arrive until its ACK. If that sample
 * fills most of the current window, the window may be what limits throughput. Probes are spaced by
 * {@link BDP_PROBE_INTERVAL_MS} so they stay well inside the peer's ping budget (8/s by default).
 *
 * A full sample alone does not prove it, though: when the receiver (or the link) is the limit,
 * data queues, every round trip grows by the queue, and so does the sample — a window sized by
 * samples alone grows until the ceiling, and every message then waits behind megabytes of bulk
 * data (bufferbloat). So, as BBR does, the window only grows while the best delivery rate seen
 * times the least round trip seen (the path without queues) is close to it, and then to twice
 * that product, never past `maxWindow`.
 */
export class BdpEstimator {
  /** Current receive window target per stream, in bytes. */
  window: number;
  private sample = 0;
  private probing = false;
  private lastProbeAt = -Infinity;
  /** Best delivery rate seen, in bytes per millisecond. */
  private maxRate = 0;

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

  /**
   * The probe was acknowledged after `rttMs`; `minRttMs` is the least round trip the connection
   * has seen (any PING or SETTINGS ACK). Returns the new, larger window if it should grow.
   */
  acked(rttMs: number, minRttMs: number): number | undefined {
    this.probing = false;
    if (!(rttMs > 0)) return undefined;
    this.maxRate = Math.max(this.maxRate, this.sample / rttMs);
    if (this.sample < (this.window * 2) / 3) return undefined;
    const bdp = this.maxRate * Math.min(rttMs, minRttMs);
    if (bdp < this.window * GROW_BELOW) return undefined;
    const next = Math.min(this.maxWindow, Math.max(this.window * 2, Math.ceil(2 * bdp)));
    if (next <= this.window) return undefined;
    this.window = next;
    return next;
  }
}

/**
 * The window grows while the path's product is at least this share of it: a window-limited flow
 * measures about the window itself (a little less with jitter); a flow limited elsewhere
 * measures its true product, which stops the growth at about 1.3–2.7 times it.
 */
const GROW_BELOW = 0.75;
