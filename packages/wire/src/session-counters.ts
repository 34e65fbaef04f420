import type { GoAway } from "./control-payloads.ts";
import { ErrorCode } from "./error-code.ts";
import type { Session } from "./session.ts";
import type { SessionObserver } from "./session-options.ts";
import { WireError } from "./wire-error.ts";

/** The last error a connection saw (`SessionCounters.lastError`): what an admin page shows beside it. */
export interface LastWireError {
  readonly code: ErrorCode;
  readonly reason: string;
  /** `local`: this endpoint found it (and told the peer); `remote`: the peer reported it. */
  readonly initiator: "local" | "remote";
  /** `connection` (GOAWAY) or `stream` (RST_STREAM). */
  readonly scope: "connection" | "stream";
  /** When, ms since the epoch. */
  readonly at: number;
}

/**
 * Running totals of one connection (`Session#counters`), for metrics and admin pages, and the
 * one place rare events reach the session's {@link SessionObserver} (logs). Plain fields bumped
 * where things happen — once per socket read or write, once per rare frame, never per message —
 * so keeping them costs the hot path an add per read and per write.
 */
export class SessionCounters {
  /** Bytes read from the byte channel. */
  bytesReceived = 0;
  /** Bytes the byte channel accepted. */
  bytesSent = 0;
  /** PINGs we sent (keep-alive, application, bandwidth probes), and the peer's we answered or refused. */
  pingsSent = 0;
  pingsReceived = 0;
  goAwaysSent = 0;
  goAwaysReceived = 0;
  /** RST_STREAM frames sent (cancels and refusals included) and received. */
  resetsSent = 0;
  resetsReceived = 0;
  /** Flushes that stopped because a stream's send window was spent: the peer reads that stream slower than we write. */
  streamWindowStalls = 0;
  /** Flushes that stopped because the connection's send window was spent. */
  connectionWindowStalls = 0;
  /** The last error other than NO_ERROR and CANCEL, either side's; undefined while there was none. */
  lastError: LastWireError | undefined;

  constructor(
    private readonly session: Session,
    private readonly observer: SessionObserver | undefined,
  ) {}

  /** We sent GOAWAY (a drain notice, a final drain, or a connection error). */
  goAwaySent(code: ErrorCode, reason: string, lastStreamId: number): void {
    this.goAwaysSent++;
    if (code !== ErrorCode.NoError) this.note(code, reason, "local", "connection");
    this.observer?.goAwaySent?.(this.session, { lastStreamId, code, reason });
  }

  /** The peer sent GOAWAY. */
  goAwayReceived(goAway: GoAway): void {
    this.goAwaysReceived++;
    if (goAway.code !== ErrorCode.NoError) this.note(goAway.code, goAway.reason, "remote", "connection");
    this.observer?.goAwayReceived?.(this.session, goAway);
  }

  /** The peer reset a stream. */
  resetReceived(streamId: number, code: ErrorCode): void {
    this.resetsReceived++;
    if (code === ErrorCode.NoError || code === ErrorCode.Cancel) return;
    this.note(code, "stream reset by peer", "remote", "stream");
    this.observer?.streamError?.(this.session, streamId, new WireError(code, "stream reset by peer", { scope: "stream", initiator: "remote" }));
  }

  /** We reset a stream for an error found in what the peer sent (RST_STREAM goes out). */
  streamError(streamId: number, error: WireError): void {
    this.note(error.code, error.reason, "local", "stream");
    this.observer?.streamError?.(this.session, streamId, error);
  }

  private note(code: ErrorCode, reason: string, initiator: "local" | "remote", scope: "connection" | "stream"): void {
    if (code === ErrorCode.Cancel) return;
    this.lastError = { code, reason, initiator, scope, at: Date.now() };
  }
}
