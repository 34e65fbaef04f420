import type { Session } from "@strand/wire";

/**
 * A server's connections summed, read from the sessions when asked (`Server#connectionFigures`):
 * metrics scrapes and health pages pay for it, calls never do — nothing here is counted on the
 * hot path.
 */
export interface ConnectionFigures {
  /** Open client connections (as `Server#connections`). */
  readonly connections: number;
  /** Of those, connections draining after a GOAWAY (sent or received): no new streams, in-flight ones finish. */
  readonly draining: number;
  /** Of those, connections whose peer sent GOAWAY. */
  readonly goAwayReceived: number;
  /** Streams open on all connections, both directions, including those waiting for a concurrency slot. */
  readonly streams: number;
  /** Connections whose reading is paused because the peer does not read our control frames. */
  readonly readPaused: number;
  /** Bytes of partial writes waiting for their socket to drain (write backpressure), all connections. */
  readonly unwrittenBytes: number;
  /** Control frames queued but not yet written, all connections. */
  readonly queuedControlFrames: number;
}

/** Sums the figures of `sessions` into `into` (a mutable accumulator; one per read). */
export function addConnectionFigures(into: { -readonly [K in keyof ConnectionFigures]: number }, sessions: Iterable<Session>): void {
  for (const session of sessions) {
    into.connections++;
    if (session.state === "draining") into.draining++;
    if (session.goAwayReceived !== undefined) into.goAwayReceived++;
    into.streams += session.activeStreams;
    const d = session.diagnostics;
    if (d.readPaused) into.readPaused++;
    into.unwrittenBytes += d.unwrittenBytes;
    into.queuedControlFrames += d.queuedControlFrames;
  }
}

/** The accumulator {@link addConnectionFigures} starts from. */
export function emptyConnectionFigures(): { -readonly [K in keyof ConnectionFigures]: number } {
  return { connections: 0, draining: 0, goAwayReceived: 0, streams: 0, readPaused: 0, unwrittenBytes: 0, queuedControlFrames: 0 };
}
