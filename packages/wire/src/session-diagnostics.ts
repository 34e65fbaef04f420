import type { FrameRouter } from "./frame-router.ts";
import type { SessionDiagnostics } from "./session-options.ts";
import type { SessionStreams } from "./session-streams.ts";
import type { WriteScheduler } from "./write-scheduler.ts";

/** A session's counters (`Session#diagnostics`), read from its collaborators when asked. */
export function diagnosticsOf(streams: SessionStreams, scheduler: WriteScheduler, router: FrameRouter): SessionDiagnostics {
  return {
    streams: streams.table.streams.size,
    pendingStreams: streams.table.pending.length,
    queuedControlFrames: scheduler.queuedControlFrames,
    unwrittenBytes: scheduler.unwrittenBytes,
    readPaused: router.paused,
    streamWindow: streams.streamWindow,
  };
}
