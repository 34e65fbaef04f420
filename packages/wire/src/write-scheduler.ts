import type { ByteChannel } from "./byte-channel.ts";
import type { FrameType } from "./constants.ts";
import { FrameWriter, WriteResult } from "./frame-writer.ts";
import { type FramedStream, Progress, StreamFramer } from "./stream-framer.ts";
import type { Window } from "./window.ts";

/** A control frame waiting to be written (PING, SETTINGS, WINDOW_UPDATE, RST_STREAM, GOAWAY). */
interface ControlFrame {
  readonly type: FrameType;
  readonly flags: number;
  readonly streamId: number;
  readonly payload: Uint8Array;
}

/**
 * Decides the order in which frames go on the wire and has them written, coalesced.
 *
 * Invariants:
 * - Control frames go before any data framed in the same flush.
 * - Data is framed lazily at flush time, one frame per ready stream in round-robin order, so a
 *   16 MiB message delays another stream's small message by at most one frame per busy stream.
 * - Everything framed in one flush is written with one `channel.write` ({@link FrameWriter});
 *   nothing more is framed while the tail of a partial write waits for drain.
 * - A flush frames at most `highWaterMark` bytes of data per write.
 *
 * What one stream's next frame is belongs to the {@link StreamFramer}; credit is spent there and
 * granted by the session, never here.
 */
export class WriteScheduler {
  private readonly writer: FrameWriter;
  /** Per-stream framing decisions, and the peer's settings they depend on. */
  readonly framer: StreamFramer;
  /** Control frames in order; undefined when none (idle sessions hold no arrays). */
  private control: ControlFrame[] | undefined;
  private ready: FramedStream[] = EMPTY_READY;
  private readyHead = 0;
  /** Set during flush: stream callbacks run mid-fill must not see the scheduler as idle or re-enter. */
  private flushing = false;

  constructor(
    channel: ByteChannel,
    private readonly highWaterMark: number,
  ) {
    this.writer = new FrameWriter(channel);
    this.framer = new StreamFramer(this.writer);
  }

  /** Connection-level send credit granted by the peer. */
  get connectionWindow(): Window {
    return this.framer.connection;
  }

  /** False while a partial write's tail waits for the channel to drain. */
  get writable(): boolean {
    return this.writer.writable;
  }

  /** Bytes of a partial write waiting for drain. */
  get unwrittenBytes(): number {
    return this.writer.unwrittenBytes;
  }

  /** Control frames not yet written (bounded by the session). */
  get queuedControlFrames(): number {
    return this.control?.length ?? 0;
  }

  /** Whether anything is waiting to be framed or written. */
  get idle(): boolean {
    return !this.flushing && this.writer.writable && this.control === undefined && this.readyHead === this.ready.length && !this.writer.hasPrefix;
  }

  /** Whether a flush would have anything to do right now. */
  get hasWork(): boolean {
    return this.writer.writable && (this.control !== undefined || this.readyHead < this.ready.length || this.writer.hasPrefix);
  }

  /** Streams waiting to be framed. */
  get readyCount(): number {
    return this.ready.length - this.readyHead;
  }

  /** Raw bytes to write before any frame (the connection preface). */
  setPrefix(bytes: Uint8Array): void {
    this.writer.setPrefix(bytes);
  }

  pushControl(type: FrameType, flags: number, streamId: number, payload: Uint8Array): void {
    (this.control ??= []).push({ type, flags, streamId, payload });
  }

  /** Adds a stream with something to send to the round-robin queue. */
  markReady(stream: FramedStream): void {
    if (stream.inReadyQueue) return;
    stream.inReadyQueue = true;
    if (this.ready === EMPTY_READY) this.ready = [];
    this.ready.push(stream);
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
    const tail = this.writer.writeTail();
    if (tail === WriteResult.Closed) return false;
    if (tail === WriteResult.Partial) return true;
    for (let rounds = 0; rounds < 16; rounds++) {
      if (this.fill() === 0) break;
      const result = this.writer.write();
      if (result === WriteResult.Closed) return false;
      if (result === WriteResult.Partial) break;
    }
    this.framer.releaseSenders();
    return true;
  }

  /** Fills one write: control frames first, then one frame per ready stream, round robin. */
  private fill(): number {
    const writer = this.writer;
    writer.begin();
    const control = this.control;
    if (control !== undefined) {
      this.control = undefined;
      for (const f of control) writer.frame(f.type, f.flags, f.streamId, f.payload);
    }
    while (writer.length < this.highWaterMark && this.readyHead < this.ready.length) {
      const stream = this.ready[this.readyHead++]!;
      stream.inReadyQueue = false;
      if (stream.isClosed || stream.sendQueue.isEmpty) continue;
      const progress = this.framer.frameNext(stream);
      if (progress === Progress.BlockedOnConnection) {
        this.ready[--this.readyHead] = stream;
        stream.inReadyQueue = true;
        break;
      }
      if (progress === Progress.Framed && !stream.sendQueue.isEmpty && !stream.isClosed) this.markReady(stream);
    }
    if (this.readyHead === this.ready.length) {
      this.ready.length = 0;
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
