import type { Server } from "strand";
import type { ServerStats, StatsRequest } from "../shared/server-stats.ts";
import type { HandlerCensus } from "./handler-census.ts";
import type { SessionRegistry } from "./session-registry.ts";
import { LoopLag } from "../shared/loop-lag.ts";

/** How often the session queues and rss are sampled for their peaks. Milliseconds. */
const SAMPLE_MS = 20;

interface Sums {
  sessions: number;
  streams: number;
  queuedControlFrames: number;
  unwrittenBytes: number;
  readPausedSessions: number;
}

/**
 * Builds {@link ServerStats} for the `stats` method, and samples the sessions' queues in the
 * background so that short peaks between two `stats` calls are seen too.
 */
export class StatsCollector {
  private peakStreams = 0;
  private peakQueuedControlFrames = 0;
  private peakUnwrittenBytes = 0;
  private peakRss = 0;
  private peakConnections = 0;
  private readonly timer: ReturnType<typeof setInterval>;
  private readonly lag = new LoopLag();

  constructor(
    private readonly server: Server,
    private readonly census: HandlerCensus,
    private readonly registry: SessionRegistry,
  ) {
    this.timer = setInterval(() => this.sample(), SAMPLE_MS);
    this.timer.unref();
  }

  /** Answers one `stats` request. */
  collect(request: StatsRequest): ServerStats {
    if (request.gc === true) Bun.gc(true);
    const sums = this.sample();
    const memory = process.memoryUsage();
    const stats: ServerStats = {
      heapUsed: memory.heapUsed,
      external: memory.external,
      rss: memory.rss,
      handlersRunning: this.census.running,
      maxHandlersPerConnection: this.census.maxPerConnection,
      maxHandlersRunning: this.census.maxRunning,
      maxHandlersPerConnectionEver: this.census.maxPerConnectionEver,
      connections: this.server.connections,
      ...sums,
      peakStreams: this.peakStreams,
      peakQueuedControlFrames: this.peakQueuedControlFrames,
      peakUnwrittenBytes: this.peakUnwrittenBytes,
      peakRss: this.peakRss,
      peakConnections: this.peakConnections,
      goAwaysSent: { ...this.registry.goAwaysSent },
      loopLag: this.lag.summary(),
    };
    if (request.resetPeaks === true) {
      this.census.resetPeaks();
      this.peakStreams = sums.streams;
      this.peakQueuedControlFrames = sums.queuedControlFrames;
      this.peakUnwrittenBytes = sums.unwrittenBytes;
      this.peakRss = memory.rss;
      this.peakConnections = this.server.connections;
      this.lag.reset();
    }
    return stats;
  }

  /** Stops sampling. */
  stop(): void {
    clearInterval(this.timer);
    this.lag.stop();
  }

  private sample(): Sums {
    const sums: Sums = { sessions: 0, streams: 0, queuedControlFrames: 0, unwrittenBytes: 0, readPausedSessions: 0 };
    for (const session of this.registry.sessions()) {
      const d = session.diagnostics;
      sums.sessions++;
      sums.streams += d.streams;
      sums.queuedControlFrames += d.queuedControlFrames;
      sums.unwrittenBytes += d.unwrittenBytes;
      if (d.readPaused) sums.readPausedSessions++;
    }
    this.peakStreams = Math.max(this.peakStreams, sums.streams);
    this.peakQueuedControlFrames = Math.max(this.peakQueuedControlFrames, sums.queuedControlFrames);
    this.peakUnwrittenBytes = Math.max(this.peakUnwrittenBytes, sums.unwrittenBytes);
    this.peakRss = Math.max(this.peakRss, process.memoryUsage.rss());
    this.peakConnections = Math.max(this.peakConnections, this.server.connections);
    return sums;
  }
}
