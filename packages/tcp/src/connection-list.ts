import { ErrorCode, type Session } from "@strand/wire";
import { sessionOpenedAt } from "./connection-opened.ts";
import type { WireListener } from "./wire-listener.ts";

/**
 * One open connection of a server as admin pages show it (`Server#connectionList`): read from the
 * session when asked, never kept up to date, so calls pay nothing for it.
 */
export interface ConnectionInfo {
  /** The client's address, e.g. `"127.0.0.1:53122"`, when the transport knows it. */
  readonly peer: string | undefined;
  /** The listener it arrived on (`"127.0.0.1:7000"`; `"unix/ws"` for a unix socket or a mounted WebSocket endpoint). */
  readonly listener: string;
  /** When it was accepted, ms since the epoch. */
  readonly openedAt: number | undefined;
  /** `open`, `draining` (GOAWAY sent or received: no new streams) or `closed`. */
  readonly state: string;
  /** Streams open, both directions, including those waiting for a concurrency slot. */
  readonly streams: number;
  /** Round-trip time of the last acknowledged PING, ms (undefined before the first). */
  readonly rttMs: number | undefined;
  /** Bytes of partial writes waiting for the socket to drain (write backpressure). */
  readonly unwrittenBytes: number;
  /** Control frames queued, not yet written. */
  readonly queuedControlFrames: number;
  /** Whether reading is paused because the peer does not read our control frames. */
  readonly readPaused: boolean;
  /** The receive window granted to each new stream, bytes (grows with observed bandwidth-delay). */
  readonly streamWindow: number;
  /** The reason of the GOAWAY the client sent, if it sent one. */
  readonly goAwayReason: string | undefined;
  /** Bytes read from and written to the connection so far. */
  readonly bytesReceived: number;
  readonly bytesSent: number;
  /** Flushes stopped by a spent stream or connection send window: the client reads slower than we answer. */
  readonly flowControlStalls: number;
  /** The last error on the connection other than a cancel (RST_STREAM or GOAWAY, either side's), for "what went wrong here". */
  readonly lastError: { readonly code: string; readonly reason: string; readonly initiator: "local" | "remote"; readonly at: number } | undefined;
}

/** One listener of a server (`Server#listenerList`). */
export interface ListenerInfo {
  /** `"127.0.0.1:7000"`; `"unix/ws"` for a unix socket or a WebSocket endpoint mounted in your own Bun.serve. */
  readonly address: string;
  /** Whether it serves TLS. */
  readonly secure: boolean;
  /** Its open connections. */
  readonly connections: number;
  /** Whether it is closing (GOAWAY sent; its connections drain). */
  readonly draining: boolean;
}

/** The name a listener is shown under. */
export function listenerName(listener: WireListener): string {
  // Unix sockets and WebSocket endpoints mounted in your own Bun.serve have no TCP port of theirs.
  if (listener.port === undefined) return "unix/ws";
  const host = listener.hostname ?? "";
  return `${host.includes(":") ? `[${host}]` : host}:${listener.port}`;
}

/** Describes `listeners` (open, then closing). */
export function describeListeners(groups: Iterable<Iterable<WireListener>>): ListenerInfo[] {
  const out: ListenerInfo[] = [];
  for (const group of groups) {
    for (const l of group) out.push({ address: listenerName(l), secure: l.secure, connections: l.sessions.size, draining: l.draining.aborted });
  }
  return out;
}

/** Describes every session of `listeners`, at most `limit` of them (an admin page needs no more). */
export function describeConnections(groups: Iterable<Iterable<WireListener>>, limit: number): ConnectionInfo[] {
  const out: ConnectionInfo[] = [];
  for (const group of groups) {
    for (const l of group) {
      const name = listenerName(l);
      for (const session of l.sessions) {
        if (out.length >= limit) return out;
        out.push(describe(session, name));
      }
    }
  }
  return out;
}

function describe(session: Session, listener: string): ConnectionInfo {
  const d = session.diagnostics;
  const c = session.counters;
  return {
    peer: session.peerAddress,
    listener,
    openedAt: sessionOpenedAt(session),
    state: session.state,
    streams: session.activeStreams,
    rttMs: session.rttMs,
    unwrittenBytes: d.unwrittenBytes,
    queuedControlFrames: d.queuedControlFrames,
    readPaused: d.readPaused,
    streamWindow: d.streamWindow,
    goAwayReason: session.goAwayReceived?.reason,
    bytesReceived: c.bytesReceived,
    bytesSent: c.bytesSent,
    flowControlStalls: c.streamWindowStalls + c.connectionWindowStalls,
    lastError: c.lastError === undefined ? undefined : { code: ErrorCode[c.lastError.code], reason: c.lastError.reason, initiator: c.lastError.initiator, at: c.lastError.at },
  };
}
