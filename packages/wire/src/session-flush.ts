import type { WireStream } from "./stream.ts";
import type { WriteScheduler } from "./write-scheduler.ts";

/** Ready streams below which a flush waits for the end of the event-loop turn (unless bytes pile up). */
const EAGER_FLUSH_MIN = 16;
/** Message bytes one stream may queue in one turn before they are framed and written at once. */
const EAGER_FLUSH_BYTES = 64 * 1024;

/** What the flush asks of its session. */
export interface FlushPort {
  /** The session is closed: nothing is scheduled any more. */
  readonly isClosed: boolean;
  /** The channel is closed: nothing can be written. */
  readonly channelGone: boolean;
  /** A flush made room in the control queue (the session may read again). */
  controlQueueDrained(): void;
  /** A flush finished: a draining session may now be done. */
  checkDrained(): void;
}

/**
 * When the session writes: at the end of the event-loop turn by default, so frames produced in one
 * turn are coalesced into one write; at once for credit and for large or many ready streams; and
 * again when the channel drains, waking the senders that waited for it.
 */
export class SessionFlush {
  private scheduled = false;
  /** Streams whose sends wait for the write queue to drain (allocated on first use). */
  private blocked: Set<WireStream> | undefined;

  constructor(
    private readonly port: FlushPort,
    private readonly scheduler: WriteScheduler,
  ) {}

  /** Flushes at the end of this event-loop turn. */
  schedule(): void {
    if (this.scheduled || this.port.isClosed) return;
    this.scheduled = true;
    setImmediate(SessionFlush.run, this);
  }

  /** One function for every session's scheduled flush: no per-session closure. */
  private static readonly run = (flush: SessionFlush): void => flush.flushNow();

  /** Writes what can be written now. */
  flushNow(): void {
    this.scheduled = false;
    if (this.port.channelGone) return;
    const scheduler = this.scheduler;
    if (!scheduler.flush() || !scheduler.writable) return;
    this.wakeBlocked();
    this.port.controlQueueDrained();
    if (scheduler.hasWork) this.schedule();
    this.port.checkDrained();
  }

  /**
   * Credit goes out at once rather than at the end of the turn: the peer is (or soon will be)
   * blocked on it, and every microsecond it waits is a microsecond both ends spend taking turns.
   */
  flushCredit(): void {
    if (this.scheduler.writable && !this.port.isClosed && !this.port.channelGone) this.flushNow();
    else this.schedule();
  }

  /** `stream` has something to frame; `openStreams` is how many streams the session has. */
  streamReady(stream: WireStream, openStreams: number): void {
    const scheduler = this.scheduler;
    scheduler.markReady(stream);
    // Frames produced in one event-loop turn are coalesced into one write — but once half the
    // open streams have something to send, that batch goes out now, so the peer works on it while
    // we produce the rest. Without this both ends take turns (one batch in flight at a time) and
    // each stays about half idle; with it they overlap (+30–40 % unary calls/s at 100 in flight).
    // Likewise a stream producing many messages in one turn (a server-streaming loop that never
    // waits) has them written every 64 KiB instead of after a whole window's worth — when credit
    // allows framing them at all (otherwise every further message would retry in vain).
    const eager =
      scheduler.readyCount >= Math.max(EAGER_FLUSH_MIN, openStreams / 2) ||
      (stream.sendQueue.queuedBytes >= EAGER_FLUSH_BYTES && Math.min(stream.sendWindow.available, scheduler.connectionWindow.available) >= EAGER_FLUSH_BYTES);
    if (eager && scheduler.writable) this.flushNow();
    else this.schedule();
  }

  /** `stream`'s senders wait for the write queue to drain. */
  waitWritable(stream: WireStream): void {
    (this.blocked ??= new Set()).add(stream);
  }

  /** Wakes every stream that waited for the write queue (it drained, or the session closed). */
  wakeBlocked(): void {
    const blocked = this.blocked;
    if (blocked === undefined) return;
    this.blocked = undefined;
    for (const stream of blocked) stream.wakeSenders();
  }
}
