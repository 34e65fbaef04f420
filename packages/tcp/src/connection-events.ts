import { type LogFields, type Logger, logAt } from "@strand/rpc";
import { ErrorCode, type GoAway, type Session, type SessionCounters, type SessionObserver, type WireError } from "@strand/wire";
import { markOpened, sessionOpenedAt } from "./connection-opened.ts";

/** The running totals of {@link SessionCounters} a server or channel adds up. */
const COUNTED = [
  "bytesReceived",
  "bytesSent",
  "pingsSent",
  "pingsReceived",
  "goAwaysSent",
  "goAwaysReceived",
  "resetsSent",
  "resetsReceived",
  "streamWindowStalls",
  "connectionWindowStalls",
] as const satisfies readonly (keyof SessionCounters)[];

/**
 * Totals over every connection since the server (or channel) started — those still open and
 * those closed — so they only grow, as Prometheus counters must (`Server#connectionTotals`).
 */
export type ConnectionTotals = { readonly [K in (typeof COUNTED)[number] | "opened" | "closed"]: number };

type Mutable = { -readonly [K in keyof ConnectionTotals]: number };

/**
 * What a server (or a channel) does when one of its connections opens or closes, and the session
 * observer that turns GOAWAYs and protocol errors into log records: one object per server, given
 * to each of its listeners. A closing connection's counters are added to the closed totals (so
 * totals never go down); logging happens only for the levels the logger has (`Logger`).
 */
export class ConnectionEvents {
  /** Given to every session (`SessionOptions.observer`); undefined when the logger has neither `warn` nor `info`. */
  readonly observer: SessionObserver | undefined;
  private readonly past: Mutable = { ...ZERO };
  private readonly log: Logger | undefined;

  constructor(logger: Logger | undefined) {
    this.log = logger !== undefined && (logger.warn !== undefined || logger.info !== undefined) ? logger : undefined;
    this.observer = this.log === undefined ? undefined : sessionObserver(this.log);
  }

  /** A connection is ready; `origin` says where (`{ listener }` on a server, `{ target }` on a channel). */
  opened(session: Session, origin: LogFields): void {
    this.past.opened++;
    if (sessionOpenedAt(session) === undefined) markOpened(session); // a dialled one: its duration is logged at close
    if (this.log !== undefined) logAt(this.log, "info", "connection opened", { event: "connection.opened", peer: session.peerAddress, ...origin });
  }

  /** A connection closed, cleanly (`error` undefined) or not. */
  closed(session: Session, error: WireError | undefined, origin: LogFields): void {
    const totals = this.past;
    totals.closed++;
    const counters = session.counters;
    for (const key of COUNTED) totals[key] += counters[key];
    if (this.log === undefined) return;
    const openedAt = sessionOpenedAt(session);
    const fields: LogFields = {
      event: "connection.closed",
      peer: session.peerAddress,
      ...origin,
      durationMs: openedAt === undefined ? undefined : Date.now() - openedAt,
      bytesReceived: counters.bytesReceived,
      bytesSent: counters.bytesSent,
      ...(error === undefined ? {} : errorFields(error)),
    };
    logAt(this.log, error !== undefined && isProtocolError(error.code) ? "warn" : "info", "connection closed", fields);
  }

  /** Closed connections' totals plus those of `open` (the connections open now). */
  totals(open: Iterable<Session>): ConnectionTotals {
    const sum: Mutable = { ...this.past };
    for (const session of open) {
      const counters = session.counters;
      for (const key of COUNTED) sum[key] += counters[key];
    }
    return sum;
  }
}

const ZERO: ConnectionTotals = { opened: 0, closed: 0, ...(Object.fromEntries(COUNTED.map((key) => [key, 0])) as Record<(typeof COUNTED)[number], number>) };

/**
 * Closes and resets for these codes are routine — a clean close, a cancel, a peer that went away,
 * a passed deadline, a refusal over a limit —: a close is logged at `info`, a reset not at all.
 */
const ROUTINE: ReadonlySet<ErrorCode> = new Set([ErrorCode.NoError, ErrorCode.Cancel, ErrorCode.ConnectionLost, ErrorCode.DeadlineExceeded, ErrorCode.RefusedStream]);

function isProtocolError(code: ErrorCode): boolean {
  return !ROUTINE.has(code);
}

function errorFields(error: { readonly code: ErrorCode; readonly reason: string; readonly initiator?: string | undefined }): LogFields {
  return { code: ErrorCode[error.code], reason: error.reason, initiator: error.initiator };
}

function sessionObserver(log: Logger): SessionObserver {
  const goAway = (event: string, message: string, initiator: string) => (session: Session, g: GoAway) =>
    logAt(log, g.code === ErrorCode.NoError ? "info" : "warn", message, {
      event,
      peer: session.peerAddress,
      lastStreamId: g.lastStreamId,
      ...errorFields({ code: g.code, reason: g.reason, initiator }),
    });
  return {
    goAwaySent: goAway("goaway.sent", "GOAWAY sent", "local"),
    goAwayReceived: goAway("goaway.received", "GOAWAY received", "remote"),
    streamError: (session, streamId, error) => {
      if (isProtocolError(error.code)) logAt(log, "warn", "stream reset for a protocol error", { event: "stream.error", peer: session.peerAddress, streamId, ...errorFields(error) });
    },
  };
}
