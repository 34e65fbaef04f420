import type { WireConfig } from "./config.ts";
import { Flag, FrameType } from "./constants.ts";
import { ErrorCode } from "./error-code.ts";
import { MAX_OUTSTANDING_PINGS, PingTracker } from "./ping-tracker.ts";
import type { SessionCounters } from "./session-counters.ts";
import { TokenBucket } from "./token-bucket.ts";
import { WireError } from "./wire-error.ts";
import type { WriteScheduler } from "./write-scheduler.ts";

/**
 * PING both ways (PROTOCOL.md §9): our pings (keep-alive, application pings, bandwidth probes)
 * and their round trips, and the peer's pings, answered within a rate limit (a ping flood is
 * ENHANCE_YOUR_CALM). The session creates it on first use, and it creates its tracker and
 * bucket on first use: an idle connection that never pings holds none of it.
 */
export class PingPong {
  private tracker: PingTracker | undefined;
  private bucket: TokenBucket | undefined;
  /** Least PING round trip seen, in ms. */
  private minPingRttMs = Infinity;

  constructor(
    private readonly config: WireConfig,
    private readonly scheduler: WriteScheduler,
    /** Where SETTINGS round trips are measured (the session timer). */
    private readonly settings: { readonly minRttMs: number },
    /** Counts pings both ways (`Session#counters`). */
    private readonly counters: Pick<SessionCounters, "pingsSent" | "pingsReceived">,
  ) {}

  /** Least round trip seen (PING and SETTINGS ACKs), in ms: the path's delay without queues. */
  get minRttMs(): number {
    return Math.min(this.minPingRttMs, this.settings.minRttMs);
  }

  /** Sends an application PING; resolves with its round trip in ms (ENHANCE_YOUR_CALM past the outstanding limit). */
  ping(now: number): Promise<number> {
    return new Promise((resolve, reject) => this.send(this.start(now, false, resolve, reject)));
  }

  /** Sends a bandwidth probe (see `WindowTuner`); `onAck` gets its round trip. */
  probe(onAck: (rttMs: number) => void, now: number): void {
    this.send(this.start(now, false, onAck, () => {}));
  }

  /** Sends the keep-alive PING of an idle connection. */
  keepalive(now: number): void {
    this.send(this.start(now, true));
  }

  /** Round trip of the last acknowledged PING, in ms. */
  get rttMs(): number | undefined {
    return this.tracker?.rttMs;
  }

  /** When the outstanding keep-alive PING was sent, if one is. */
  get keepaliveSentAt(): number | undefined {
    return this.tracker?.keepaliveSentAt;
  }

  private send(payload: Uint8Array): void {
    this.counters.pingsSent++;
    this.scheduler.pushControl(FrameType.Ping, 0, 0, payload);
    this.scheduler.schedule();
  }

  /**
   * Starts one of our pings and returns its payload. Application pings (with `resolve`) are
   * limited to {@link MAX_OUTSTANDING_PINGS} at once: ENHANCE_YOUR_CALM beyond.
   */
  private start(now: number, keepalive: boolean, resolve?: (rttMs: number) => void, reject?: (error: Error) => void): Uint8Array {
    const tracker = (this.tracker ??= new PingTracker());
    if (resolve !== undefined && tracker.size >= MAX_OUTSTANDING_PINGS) throw new WireError(ErrorCode.EnhanceYourCalm, "too many pings outstanding");
    return tracker.start(now, keepalive, resolve, reject);
  }

  /**
   * A PING arrived. An ACK settles one of ours (its round trip is recorded); a ping of the peer's
   * is echoed, or ENHANCE_YOUR_CALM is thrown past the rate limit.
   */
  received(payload: Uint8Array, ack: boolean, now: number): void {
    if (ack) {
      const rtt = this.tracker?.ack(payload, now);
      if (rtt !== undefined && rtt < this.minPingRttMs) this.minPingRttMs = rtt;
      return;
    }
    this.counters.pingsReceived++;
    this.bucket ??= new TokenBucket(this.config.pingBurst, this.config.pingsPerSecond, now);
    if (!this.bucket.take(now)) throw new WireError(ErrorCode.EnhanceYourCalm, "too many pings (ping flood)");
    this.scheduler.pushControl(FrameType.Ping, Flag.Ack, 0, payload);
    this.scheduler.schedule();
  }

  /** Fails every outstanding ping (the connection closed). */
  clear(error: Error): void {
    this.tracker?.clear(error);
  }
}
