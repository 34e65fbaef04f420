import type { WireConfig } from "./config.ts";
import { ErrorCode } from "./error-code.ts";
import { WireError } from "./wire-error.ts";
import { type HeapEntry, timerHeap } from "./timer-heap.ts";

/** What a timer expiry means for the session. */
export type Expiry = "settings" | "keepalive" | undefined;

/** The error that closes a connection whose peer missed an {@link Expiry} deadline of `timeoutMs`. */
export function expiryError(expired: "settings" | "keepalive", timeoutMs: number): WireError {
  return expired === "settings"
    ? new WireError(ErrorCode.SettingsTimeout, `peer did not acknowledge SETTINGS within ${timeoutMs} ms`)
    : new WireError(ErrorCode.KeepaliveTimeout, `peer did not answer PING within ${timeoutMs} ms`);
}

/**
 * The session's one deadline (house style 10): SETTINGS acknowledgement deadline, keep-alive idle
 * ping and keep-alive ACK deadline. Activity only records a timestamp; the deadline re-arms itself
 * lazily when it fires, so the receive path never touches timers. Deadlines live in the shared
 * {@link timerHeap} (one unref'd runtime timer for all sessions).
 */
export class SessionTimer implements HeapEntry {
  /** @internal HeapEntry */ due = 0;
  /** @internal HeapEntry */ index = -1;
  private lastReceive: number;
  private settingsSentAt: number | undefined;
  private stopped = false;
  /** Least SETTINGS round trip seen, in ms (bandwidth estimation also counts PINGs: `PingPong`). */
  minRttMs = Infinity;

  constructor(
    private readonly config: WireConfig,
    now: number,
    private readonly owner: { timerFired(): void; readonly keepaliveSentAt: number | undefined },
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

  /** The peer acknowledged our SETTINGS; returns the round trip, if one was being timed. */
  settingsAcked(now: number): number | undefined {
    const sentAt = this.settingsSentAt;
    this.settingsSentAt = undefined;
    if (sentAt === undefined) return undefined;
    const rtt = now - sentAt;
    if (rtt < this.minRttMs) this.minRttMs = rtt;
    return rtt;
  }

  /** Which deadline, if any, has passed. */
  expired(now: number): Expiry {
    const timeout = this.config.keepaliveTimeoutMs;
    if (this.settingsSentAt !== undefined && now - this.settingsSentAt >= timeout) return "settings";
    const sent = this.owner.keepaliveSentAt;
    if (sent !== undefined && now - sent >= timeout && now - this.lastReceive >= timeout) return "keepalive";
    return undefined;
  }

  /** Whether the connection has been idle long enough to send a keep-alive PING. */
  shouldPing(now: number): boolean {
    const interval = this.config.keepaliveIntervalMs;
    return interval > 0 && this.owner.keepaliveSentAt === undefined && now - this.lastReceive >= interval;
  }

  /** @internal HeapEntry: the deadline passed. */
  fire(): void {
    if (!this.stopped) this.owner.timerFired();
  }

  /** Schedules the next wake-up at the earliest pending deadline (`now` on the session's clock). */
  arm(now: number): void {
    if (this.stopped) return;
    timerHeap.remove(this);
    const timeout = this.config.keepaliveTimeoutMs;
    let due = Infinity;
    if (this.settingsSentAt !== undefined) due = Math.min(due, this.settingsSentAt + timeout);
    const sent = this.owner.keepaliveSentAt;
    if (sent !== undefined) due = Math.min(due, Math.max(sent, this.lastReceive) + timeout);
    else if (this.config.keepaliveIntervalMs > 0) due = Math.min(due, this.lastReceive + this.config.keepaliveIntervalMs);
    if (due === Infinity) return;
    timerHeap.schedule(this, performance.now() + Math.max(1, due - now));
  }

  /** The single close path calls this; the timer never fires again. */
  stop(): void {
    this.stopped = true;
    timerHeap.remove(this);
  }
}
