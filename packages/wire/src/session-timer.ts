import type { WireConfig } from "./config.ts";
import type { PingTracker } from "./ping-tracker.ts";

/** What a timer expiry means for the session. */
export type Expiry = "settings" | "keepalive" | undefined;

/**
 * The session's one timer (house style 10): SETTINGS acknowledgement deadline, keep-alive idle
 * ping and keep-alive ACK deadline. Activity only records a timestamp; the timer re-arms itself
 * lazily when it fires, so the receive path never touches timers. Always `unref`ed.
 */
export class SessionTimer {
  private handle: ReturnType<typeof setTimeout> | undefined;
  private lastReceive: number;
  private settingsSentAt: number | undefined;
  private stopped = false;

  constructor(
    private readonly config: WireConfig,
    private readonly pings: PingTracker,
    now: number,
    private readonly onFire: () => void,
  ) {
    this.lastReceive = now;
  }

  /** Bytes arrived: the peer is alive. */
  received(now: number): void {
    this.lastReceive = now;
  }

  settingsSent(now: number): void {
    this.settingsSentAt = now;
    this.arm(now);
  }

  settingsAcked(): void {
    this.settingsSentAt = undefined;
  }

  /** Which deadline, if any, has passed. */
  expired(now: number): Expiry {
    const timeout = this.config.keepaliveTimeoutMs;
    if (this.settingsSentAt !== undefined && now - this.settingsSentAt >= timeout) return "settings";
    const sent = this.pings.keepaliveSentAt;
    if (sent !== undefined && now - sent >= timeout && now - this.lastReceive >= timeout) return "keepalive";
    return undefined;
  }

  /** Whether the connection has been idle long enough to send a keep-alive PING. */
  shouldPing(now: number): boolean {
    const interval = this.config.keepaliveIntervalMs;
    return interval > 0 && this.pings.keepaliveSentAt === undefined && now - this.lastReceive >= interval;
  }

  /** Schedules the next wake-up at the earliest pending deadline. */
  arm(now: number): void {
    if (this.stopped) return;
    if (this.handle !== undefined) clearTimeout(this.handle);
    this.handle = undefined;
    const timeout = this.config.keepaliveTimeoutMs;
    let due = Infinity;
    if (this.settingsSentAt !== undefined) due = Math.min(due, this.settingsSentAt + timeout);
    const sent = this.pings.keepaliveSentAt;
    if (sent !== undefined) due = Math.min(due, Math.max(sent, this.lastReceive) + timeout);
    else if (this.config.keepaliveIntervalMs > 0) due = Math.min(due, this.lastReceive + this.config.keepaliveIntervalMs);
    if (due === Infinity) return;
    this.handle = setTimeout(this.onFire, Math.max(1, Math.ceil(due - now)));
    this.handle.unref?.();
  }

  /** The single close path calls this; the timer never fires again. */
  stop(): void {
    this.stopped = true;
    if (this.handle !== undefined) clearTimeout(this.handle);
    this.handle = undefined;
  }
}
