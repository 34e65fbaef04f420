import { MAX_STREAM_ID } from "./constants.ts";
import { ErrorCode } from "./error-code.ts";

/** How long a drain notice waits for the peer's PING ACK before the final GOAWAY anyway. Milliseconds. */
export const DRAIN_NOTICE_TIMEOUT_MS = 1_000;

/** What a {@link DrainNotice} needs of its session. */
export interface DrainNoticePort {
  /** Queues a GOAWAY frame (and schedules the write). */
  sendGoAwayFrame(lastStreamId: number, code: ErrorCode, reason: string): void;
  /** Sends a PING; resolves on its ACK. */
  ping(): Promise<number>;
}

/**
 * The first step of a server's graceful drain (PROTOCOL.md §10): a GOAWAY with the largest stream
 * ID ("open nothing new") and a PING. Streams the client opened before that GOAWAY reached it are
 * still accepted: they arrive before the PING's ACK, which comes back on the same ordered bytes.
 * Then `finish` sends the real GOAWAY. Without this step such streams would be refused as never
 * processed — safe, but a call whose request messages were already consumed (a client stream)
 * cannot be retried and would fail.
 */
export class DrainNotice {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private done = false;

  constructor(port: DrainNoticePort, reason: string, private readonly finish: () => void) {
    port.sendGoAwayFrame(MAX_STREAM_ID, ErrorCode.NoError, reason);
    const end = (): void => this.end();
    try {
      port.ping().then(end, end);
    } catch {
      // Past the outstanding-PING limit: the timer below ends the notice.
    }
    // A peer that never answers must not hold the drain open.
    this.timer = setTimeout(end, DRAIN_NOTICE_TIMEOUT_MS);
    this.timer.unref?.();
  }

  /** Sends the final GOAWAY now (once). */
  end(): void {
    if (this.done) return;
    this.cancel();
    this.finish();
  }

  /** Forgets the notice without the final GOAWAY (the session closed, or sent another GOAWAY). */
  cancel(): void {
    this.done = true;
    clearTimeout(this.timer);
  }
}
