import type { LagSummary } from "./loop-lag.ts";

/**
 * What the server child reports through its `stats` method: its memory, the handlers it runs,
 * and the wire sessions' queues. Shared by the server (which fills it) and the tests (which read it).
 */
export interface ServerStats {
  /** `process.memoryUsage()` at the time of the call (after a full GC when asked), bytes. */
  readonly heapUsed: number;
  readonly external: number;
  readonly rss: number;
  /** Handlers running now (all methods but `stats`). */
  readonly handlersRunning: number;
  /** Most handlers seen running at once on one connection / in total, since the last peak reset. */
  readonly maxHandlersPerConnection: number;
  readonly maxHandlersRunning: number;
  /** Most handlers seen running at once on one connection since the server started. */
  readonly maxHandlersPerConnectionEver: number;
  /** `server.connections`: open client connections. */
  readonly connections: number;
  /** Open sessions that have received bytes, and the sums of their `session.diagnostics` now. */
  readonly sessions: number;
  readonly streams: number;
  readonly queuedControlFrames: number;
  readonly unwrittenBytes: number;
  readonly readPausedSessions: number;
  /** Peaks of the sums above and of rss, sampled every 20 ms since the last peak reset. */
  readonly peakStreams: number;
  readonly peakQueuedControlFrames: number;
  readonly peakUnwrittenBytes: number;
  readonly peakRss: number;
  readonly peakConnections: number;
  /** Connections the server closed with a GOAWAY of its own, by `CODE: reason`, since it started. */
  readonly goAwaysSent: Readonly<Record<string, number>>;
  /** How late the server's 1 ms timer fired since the last peak reset (see `LoopLag`), ms. */
  readonly loopLag: LagSummary;
}

/** The `stats` request: collect garbage first (`gc`) and/or start new peak windows (`resetPeaks`). */
export interface StatsRequest {
  readonly gc?: boolean;
  readonly resetPeaks?: boolean;
}
