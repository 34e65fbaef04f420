import type { ByteChannel } from "./byte-channel.ts";
import { type FrameType, PROTOCOL_DEFAULTS } from "./constants.ts";
import { frameWriter, WriteResult } from "./frame-writer.ts";
import { type Flushable, flushAtTurnEnd, scheduleFlush } from "./flush-timing.ts";
import type { SessionCounters } from "./session-counters.ts";
import { type FramedStream, type FramingState, frameNext, IN_READY_QUEUE, Progress, releaseSenders } from "./stream-framer.ts";
import type { WireStream } from "./stream.ts";
import { sendComplete } from "./stream-state.ts";
import { loopShared, TURN_TIME_MS } from "./turn-contention.ts";
import { Window } from "./window.ts";
import type { FrameStage } from "./frame-stage.ts";

/** A control frame waiting to be written (PING, SETTINGS, WINDOW_UPDATE, RST_STREAM, GOAWAY). */
interface ControlFrame {
  readonly type: FrameType;
  readonly flags: number;
  readonly streamId: number;
  readonly payload: Uint8Array;
}

/** What the scheduler asks of its session. */
export interface FlushPort {
  /** The session is closed: nothing is scheduled any more. */
  readonly isClosed: boolean;
  /** The channel is closed: nothing can be written. */
  readonly channelGone: boolean;
  /** A flush made room in the control queue (the session may read again). */
  controlQueueDrained(): void;
  /** A flush finished: a draining session may now be done. */
  checkDrained(): void;
  /** Where bytes written and flow-control stalls are counted (`Session#counters`). */
  readonly counters: Pick<SessionCounters, "bytesSent" | "streamWindowStalls" | "connectionWindowStalls">;
}

/** Ready streams below which a flush waits for the end of the event-loop turn (unless bytes pile up). */
const EAGER_FLUSH_MIN = 16;
/** Message bytes one stream may queue in one turn before they are framed and written at once. */
const EAGER_FLUSH_BYTES = 64 * 1024;

/**
 * Decides when frames go on the wire and in which order.
 *
 * When: at the end of the event-loop turn by default, so frames produced in one turn are coalesced
 * into one write; at once for credit and for large or many ready streams; again when the channel
 * drains, waking the senders that waited for it.
 *
 * Order (invariants):
 * - Control frames go before any data framed in the same flush (our first SETTINGS before any
 *   answer), then the frames staged since the last flush (whole unary answers, laid out when
 *   produced: frame-stage.ts), then one frame per ready stream.
 * - Data is framed lazily at flush time, one frame per ready stream in round-robin order, so a
 *   16 MiB message delays another stream's small message by at most one frame per busy stream.
 * - Everything framed in one flush is written with one `channel.write` (the frame writer);
 *   nothing more is framed while the tail of a partial write waits for drain.
 * - A flush frames at most `highWaterMark` bytes of data per write.
 *
 * What one stream's next frame is belongs to the stream framer (stream-framer.ts), which reads the
 * peer's settings and spends the connection's send credit. The scheduler is that credit (a
 * {@link Window}: everything it writes is framed within it), granted by the session, never here.
 */
export class WriteScheduler extends Window implements FramingState, Flushable {
  /** The peer accepts BATCH DATA frames / HEADERS with WITH_TRAILERS (its SETTINGS said so). */
  batch = false;
  withTrailers = false;
  /** Peer's MAX_FRAME_PAYLOAD. */
  maxFramePayload: number = PROTOCOL_DEFAULTS.maxFramePayload;
  /** Peer's INITIAL_STREAM_WINDOW: how much stream credit can be counted on to come back at once. */
  peerStreamWindow: number = PROTOCOL_DEFAULTS.initialStreamWindow;
  /** @internal FramingState: streams whose senders to wake after this flush's write. */
  wake: FramedStream[] | undefined;
  /** Control frames in order; undefined when none (idle sessions hold no arrays). */
  private control: ControlFrame[] | undefined;
  private ready: FramedStream[] = EMPTY_READY;
  private readyHead = 0;
  /** The unwritten rest of a partial write, written first once the channel drains. */
  private tail: Uint8Array | undefined;
  /** Raw bytes to write before any frame (the connection preface). */
  private prefix: Uint8Array | undefined;
  /** Set during flush: stream callbacks run mid-fill must not see the scheduler as idle or re-enter. */
  private flushing = false;
  private scheduled = false;
  /** @internal Flushable: the turn of this session's last early flush. */
  earlyTurn = -1;
  /** The last fill stopped at a stream short of connection credit (see {@link hasWork}). */
  private connectionBlocked = false;
  /** @internal Frames laid out when produced (a whole unary answer, response-stage.ts, which makes the stage on first use), written first by the next flush. */
  staged: FrameStage | undefined;
  /** Streams whose sends wait for the write queue to drain (allocated on first use). */
  private blocked: Set<WireStream> | undefined;

  constructor(
    private readonly channel: ByteChannel,
    private readonly highWaterMark: number,
    private readonly port: FlushPort,
  ) {
    super(PROTOCOL_DEFAULTS.initialConnectionWindow, "connection");
  }

  /** FramingState: connection-level send credit granted by the peer (kept by the scheduler itself). */
  get connection(): Window { return this; }

  /** False while a partial write's tail waits for the channel to drain. */
  get writable(): boolean { return this.tail === undefined; }

  /** Bytes of a partial write waiting for drain. */
  get unwrittenBytes(): number { return this.tail?.length ?? 0; }

  /** Control frames not yet written (bounded by the session). */
  get queuedControlFrames(): number { return this.control?.length ?? 0; }

  /** Whether anything is waiting to be framed or written. */
  get idle(): boolean { return !this.flushing && this.tail === undefined && !this.pending; }

  /**
   * Whether a flush would have anything to do right now. Streams that wait for connection credit
   * do not count: only the peer's WINDOW_UPDATE can move them (it schedules a flush), and
   * rescheduling for them spun the event loop — a flush per turn, millions a second — for as long
   * as a slow reader left the window shut.
   */
  get hasWork(): boolean {
    return this.tail === undefined && ((this.staged?.length ?? 0) > 0 || this.control !== undefined || this.prefix !== undefined || (this.readyHead < this.ready.length && !this.connectionBlocked));
  }

  private get pending(): boolean { return (this.staged?.length ?? 0) > 0 || this.control !== undefined || this.readyHead < this.ready.length || this.prefix !== undefined; }

  /** Raw bytes to write before any frame (the connection preface). */
  setPrefix(bytes: Uint8Array): void { this.prefix = bytes; }

  pushControl(type: FrameType, flags: number, streamId: number, payload: Uint8Array): void { (this.control ??= []).push({ type, flags, streamId, payload }); }

  /** Adds a stream with something to send to the round-robin queue. */
  markReady(stream: FramedStream): void {
    if ((stream.marks & IN_READY_QUEUE) !== 0) return;
    stream.marks |= IN_READY_QUEUE;
    (this.ready === EMPTY_READY ? (this.ready = []) : this.ready).push(stream);
  }

  /** `stream` has something to frame; `openStreams` is how many streams the session has. */
  streamReady(stream: WireStream, openStreams: number): void {
    this.markReady(stream);
    // Frames produced in one event-loop turn are coalesced into one write — but once half the
    // open streams have something to send, that batch goes out now, so the peer works on it while
    // we produce the rest. Without this both ends take turns (one batch in flight at a time) and
    // each stays about half idle; with it they overlap (+30–40 % unary calls/s at 100 in flight).
    // Likewise a stream producing many messages in one turn (a server-streaming loop that never
    // waits) has them written every 64 KiB instead of after a whole window's worth — when credit
    // allows framing them at all (otherwise every further message would retry in vain).
    // A stream alone whose whole send side is queued (a unary request or answer) has nothing to
    // wait for: written now, it reaches the peer a callback and a microtask sooner (S1 latency).
    const eager =
      this.eager(openStreams, sendComplete(stream.state)) ||
      (stream.sendQueue.queuedBytes >= EAGER_FLUSH_BYTES && Math.min(stream.sendWindow.available, this.connection.available) >= EAGER_FLUSH_BYTES);
    if (eager && this.tail === undefined) this.flushNow();
    else this.schedule();
  }

  /** A frame was staged (see {@link staged}); `openStreams` counts the streams it ended, as {@link streamReady} counts them before they end. */
  frameStaged(openStreams: number): void {
    if (this.eager(openStreams, true) && this.tail === undefined) this.flushNow();
    else this.schedule();
  }

  /** The eager flush's rule for what waits (see {@link streamReady}): a whole request or answer alone, or half the open streams' frames. */
  private eager(openStreams: number, whole: boolean): boolean {
    return (whole && openStreams <= 1) || this.ready.length - this.readyHead + (this.staged?.frames ?? 0) >= Math.max(EAGER_FLUSH_MIN, openStreams / 2);
  }

  /** Flushes soon: once the current callback is done, or at the end of the turn (see flush-timing.ts); `atTurnEnd` forces the latter. */
  schedule(atTurnEnd = false): void {
    if (this.scheduled || this.port.isClosed) return;
    this.scheduled = true;
    if (atTurnEnd) flushAtTurnEnd(this);
    else scheduleFlush(this);
  }

  /**
   * Credit goes out at once rather than at the end of the turn: the peer is (or soon will be)
   * blocked on it, and every microsecond it waits is a microsecond both ends spend taking turns.
   */
  flushCredit(): void {
    if (this.tail === undefined && !this.port.isClosed && !this.port.channelGone) this.flushNow();
    else this.schedule();
  }

  /** Writes what can be written now, then wakes the senders that waited for the write queue. */
  flushNow(): void {
    this.scheduled = false;
    if (this.port.channelGone || !this.flush() || this.tail !== undefined) return;
    this.wakeBlocked();
    this.port.controlQueueDrained();
    // What is left waits for the next turn (the flush stopped at its turn's time), never a microtask.
    if (this.hasWork) this.schedule(true);
    this.port.checkDrained();
  }

  /** `stream`'s senders wait for the write queue to drain. */
  waitWritable(stream: WireStream): void { (this.blocked ??= new Set()).add(stream); }

  /** Wakes every stream that waited for the write queue (it drained, or the session closed). */
  wakeBlocked(): void {
    const blocked = this.blocked;
    if (blocked === undefined) return;
    this.blocked = undefined;
    for (const stream of blocked) stream.wakeSenders();
  }

  /**
   * Writes the pending tail, then frames and writes until the channel pushes back or nothing is
   * left. Returns false if the channel is closed.
   */
  flush(): boolean {
    if (this.flushing) return true;
    this.flushing = true;
    try {
      return this.flushOnce();
    } finally {
      this.flushing = false;
    }
  }

  private flushOnce(): boolean {
    const tail = this.tail;
    const counters = this.port.counters;
    if (tail !== undefined) {
      const result = frameWriter.writeTail(this.channel, tail);
      if (result === WriteResult.Closed) return false;
      this.tail = result === WriteResult.Partial ? frameWriter.takeUnwritten() : undefined;
      counters.bytesSent += tail.length - (this.tail?.length ?? 0);
      if (this.tail !== undefined) return true;
    }
    const start = performance.now();
    for (let rounds = 0; rounds < 16; rounds++) {
      // Each round is up to highWaterMark bytes framed and written: on a shared loop, once a turn's
      // time is spent the rest goes next turn (flushNow reschedules), after the other connections.
      if (rounds > 0 && turnSpent(start)) break;
      const length = this.fill();
      if (length === 0) break;
      const result = frameWriter.write(this.channel);
      if (result === WriteResult.Closed) return false;
      if (result === WriteResult.Partial) {
        this.tail = frameWriter.takeUnwritten();
        counters.bytesSent += length - this.tail.length;
        break;
      }
      counters.bytesSent += length;
    }
    releaseSenders(this);
    return true;
  }

  /** Fills one write: control frames first, then one frame per ready stream, round robin. */
  private fill(): number {
    const writer = frameWriter;
    this.connectionBlocked = false;
    writer.begin(this.prefix);
    this.prefix = undefined;
    const control = this.control;
    if (control !== undefined) {
      this.control = undefined;
      for (const f of control) writer.frame(f.type, f.flags, f.streamId, f.payload);
    }
    const staged = this.staged;
    if (staged !== undefined && staged.length > 0) staged.writeTo(writer);
    while (writer.length < this.highWaterMark && this.readyHead < this.ready.length) {
      const stream = this.ready[this.readyHead++]!;
      stream.marks &= ~IN_READY_QUEUE;
      if (stream.isClosed || stream.sendQueue.isEmpty) continue;
      const progress = frameNext(this, stream);
      if (progress === Progress.BlockedOnConnection) {
        this.ready[--this.readyHead] = stream;
        stream.marks |= IN_READY_QUEUE;
        this.connectionBlocked = true;
        this.port.counters.connectionWindowStalls++;
        break;
      }
      if (progress === Progress.Framed) {
        if (!stream.sendQueue.isEmpty && !stream.isClosed) this.markReady(stream);
      } else this.port.counters.streamWindowStalls++;
    }
    if (this.readyHead === this.ready.length) {
      if (this.readyHead !== 0) this.ready.length = 0; // the length setter costs even at 0 (staged answers only)
      this.readyHead = 0;
    } else if (this.readyHead > 1024) {
      this.ready = this.ready.slice(this.readyHead);
      this.readyHead = 0;
    }
    return writer.length;
  }
}

/** Shared placeholder so that a session that never sent data owns no ready-queue array. */
const EMPTY_READY: FramedStream[] = [];

/** Whether a flush that began at `start` has had its turn's time while other connections wait for the loop. */
function turnSpent(start: number): boolean {
  const now = performance.now();
  return now - start >= TURN_TIME_MS && loopShared(now);
}
