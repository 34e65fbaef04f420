import { ErrorCode } from "./error-code.ts";
import { WireError } from "./wire-error.ts";

/** Bytes a paused session keeps from a peer that goes on sending; beyond it the peer is ENHANCE_YOUR_CALM. */
export const MAX_BACKLOG_BYTES = 4 * 1024 * 1024;

/**
 * Why a session stopped reading, and what arrived meanwhile. Two reasons: the read pause (house
 * style: queued control frames ≤ a limit, then stop reading — nghttp2's answer to
 * CVE-2019-9512/9514), and a turn's work budget spent (fairness: the rest of a large read waits for
 * the next turn so other connections are served). While stopped, chunks the channel still delivers
 * wait here, up to {@link MAX_BACKLOG_BYTES}; resuming hands them back in order.
 */
export class ReadGate {
  /** The peer leaves our control frames unread. */
  paused = false;
  /** This turn's work budget is spent; the next turn continues. */
  yielded = false;
  /** We paused the channel (it delivers nothing until resumed). */
  channelPaused = false;
  private backlog: Uint8Array[] | undefined;
  private backlogBytes = 0;

  /** Keeps a chunk that arrived while paused; throws ENHANCE_YOUR_CALM past the limit. */
  hold(chunk: Uint8Array): void {
    (this.backlog ??= []).push(chunk);
    this.backlogBytes += chunk.length;
    if (this.backlogBytes > MAX_BACKLOG_BYTES) throw new WireError(ErrorCode.EnhanceYourCalm, "peer keeps sending while we wait for it to read");
  }

  /** Whether reading is stopped, for either reason. */
  get stopped(): boolean {
    return this.paused || this.yielded;
  }

  /** Returns what was held, oldest first (the caller cleared the reasons to stop). */
  open(): Uint8Array[] {
    const held = this.backlog ?? [];
    this.backlog = undefined;
    this.backlogBytes = 0;
    return held;
  }
}
