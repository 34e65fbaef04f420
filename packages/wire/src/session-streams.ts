import type { MessageCompression } from "./compression.ts";
import type { WireConfig } from "./config.ts";
import { FrameType } from "./constants.ts";
import { encodeRstStream, encodeWindowUpdate } from "./control-payloads.ts";
import { ErrorCode } from "./error-code.ts";
import type { RecvPort } from "./recv.ts";
import type { SessionCounters } from "./session-counters.ts";
import type { Settings } from "./settings.ts";
import { type HeadersOptions, WireStream } from "./stream.ts";
import type { StreamTable } from "./stream-table.ts";
import { WireError } from "./wire-error.ts";
import { type TunerPort, WindowTuner } from "./window-tuner.ts";
import type { WriteScheduler } from "./write-scheduler.ts";
import type { MessageEncoder } from "./message-encoder.ts";
import type { StageResponse } from "./response-stage.ts";

/** What the session's streams ask of the session itself. */
export interface StreamsPort {
  /** The peer's current SETTINGS. */
  readonly peer: Settings;
  /** The session's compression codec, if it has one. */
  readonly codec: MessageCompression | undefined;
  /** Local streams may still be admitted (the connection is neither draining nor closed). */
  readonly isOpen: boolean;
  /** The session is closed: nothing more is framed. */
  readonly isClosed: boolean;
  /** Peer streams are taken: we sent no GOAWAY, are not closed, and have an owner for them. */
  readonly acceptingStreams: boolean;
  /** When the chunk being read arrived (per-frame bookkeeping reads this, not the clock). */
  readonly receivedAt: number;
  /** Hands a new peer stream to its owner. */
  deliverStream(stream: WireStream): void;
  /** A stream ended: a draining session may be done. */
  checkDrained(): void;
  /** The session's running totals (resets sent, stream errors). */
  readonly counters: SessionCounters;
}

/**
 * The session as its streams see it (house style 4: streams never hold the socket): the stream
 * table's operations — opening and admitting local streams within the peer's concurrency limit,
 * taking peer streams, framing, credit and resets on their behalf — behind the narrow
 * {@link StreamHost} and {@link RecvPort} interfaces.
 */
export class SessionStreams implements RecvPort {
  constructor(
    private readonly port: StreamsPort,
    readonly config: WireConfig,
    readonly table: StreamTable,
    private readonly scheduler: WriteScheduler,
    private readonly tunerPort: TunerPort,
  ) {}

  /** Connection receive flow control, created with the first flow-controlled data. */
  private tuner: WindowTuner | undefined;
  /** Credit held by messages received and not yet read, over all streams (bounded by `maxUnreadBytes`). */
  unreadBytes = 0;

  /** StreamHost: the peer's current SETTINGS. */
  get peer(): Settings {
    return this.port.peer;
  }

  /** StreamHost: the session's compression codec. */
  get codec(): MessageCompression | undefined {
    return this.port.codec;
  }

  /** StreamHost: the current per-stream receive window. */
  get streamWindow(): number {
    return this.tuner?.streamWindow ?? this.config.initialStreamWindow;
  }

  /** StreamHost: false while a partial write waits for drain. */
  get writable(): boolean {
    return this.scheduler.writable;
  }

  /** RecvPort */
  get acceptingStreams(): boolean {
    return this.port.acceptingStreams;
  }

  /** RecvPort */
  get receivedAt(): number {
    return this.port.receivedAt;
  }

  /** Opens a local stream (the session checked it is open): admitted now, or queued for the peer's concurrency limit. */
  open(headers: Uint8Array, options: HeadersOptions): WireStream {
    const table = this.table;
    const stream = new WireStream(this, 0, true);
    stream.queueHeaders(headers, options);
    if (table.pending.length === 0 && table.localActive < this.port.peer.maxConcurrentStreams) {
      this.admit(stream);
    } else if (table.pending.length >= this.config.maxPendingStreams) {
      throw new WireError(ErrorCode.RefusedStream, `${table.pending.length} streams already wait for the peer's concurrency limit`, { scope: "stream" });
    } else {
      table.enqueuePending(stream);
    }
    return stream;
  }

  /** Admits waiting local streams while the peer's concurrency limit allows. */
  admitPending(): void {
    const pending = this.table.pending;
    while (pending.length > 0 && this.table.localActive < this.port.peer.maxConcurrentStreams && this.port.isOpen) {
      const stream = pending.shift()!;
      if (stream.error === undefined) this.admit(stream);
    }
  }

  /** The peer changed its initial stream window by `delta`: every stream's send credit moves with it. */
  peerWindowChanged(delta: number, onError: (stream: WireStream, error: unknown) => void): void {
    for (const stream of this.table.streams.values()) {
      try {
        stream.addSendCredit(delta);
      } catch (error) {
        onError(stream, error);
      }
    }
  }

  /** Our receive window grew by `delta` (BDP): every stream's grows with it. */
  receiveWindowGrew(delta: number): void {
    for (const stream of this.table.streams.values()) stream.growReceiveWindow(delta);
  }

  /** The close path: every stream fails; those whose HEADERS never left fail as refused (safe to retry). */
  failAll(error: WireError): void {
    let unsent: WireError | undefined; // built only if a stream never went out
    for (const stream of this.table.all()) {
      stream.fail(stream.unsent ? (unsent ??= new WireError(ErrorCode.RefusedStream, `the connection closed before the stream was sent: ${error.message}`, { scope: "stream", cause: error })) : error);
    }
    this.table.pending.length = 0;
  }

  /** StreamHost: stages a whole answer; the open streams counted as the scheduler counts them for queued answers (those still open). */
  stageResponse<T>(stage: StageResponse, stream: WireStream, block: Uint8Array, encoder: MessageEncoder<T>, message: T, trailers: Uint8Array): boolean | Uint8Array {
    if (stream.id === 0 || this.port.isClosed) return false;
    return stage(this.scheduler, stream, block, encoder, message, trailers, this.peer.maxMessageSize, this.table.streams.size + (this.scheduler.staged?.frames ?? 0));
  }

  /** StreamHost: the stream has something to frame. */
  schedule(stream: WireStream): void {
    if (stream.id === 0 || this.port.isClosed) return;
    this.scheduler.streamReady(stream, this.table.streams.size);
  }

  /** StreamHost */
  sendWindowUpdate(stream: WireStream, increment: number): void {
    this.scheduler.pushControl(FrameType.WindowUpdate, 0, stream.id, encodeWindowUpdate(increment));
    this.scheduler.flushCredit();
  }

  /** StreamHost */
  sendReset(stream: WireStream, code: ErrorCode): void {
    if (stream.id !== 0) this.refuse(stream.id, code);
  }

  /** StreamHost */
  waitWritable(stream: WireStream): void {
    this.scheduler.waitWritable(stream);
  }

  /** StreamHost */
  streamClosed(stream: WireStream): void {
    if (!this.table.remove(stream)) return;
    if (this.table.isPeerId(stream.id)) this.releaseSlot(stream);
    else this.admitPending();
    this.port.checkDrained();
  }

  /** StreamHost: a holder of a peer stream's slot let go; the last one frees it for a new stream. */
  releaseSlot(stream: WireStream): void {
    if (--stream.slotHolders === 0) this.table.peerActive--;
  }

  /**
   * StreamHost: a message waits unread. Each stream's window bounds its own, but windows grow with
   * the measured bandwidth (to 16 MiB): without a bound per connection, a peer could fill a hundred
   * streams whose handlers do not read with that much each.
   */
  takeUnread(cost: number): void {
    const max = this.config.maxUnreadBytes;
    if (this.unreadBytes + cost > max) {
      throw new WireError(ErrorCode.EnhanceYourCalm, `unread messages on this connection exceed ${max} bytes (maxUnreadBytes)`, { scope: "stream" });
    }
    this.unreadBytes += cost;
  }

  /** StreamHost */
  giveUnread(cost: number): void {
    this.unreadBytes -= cost;
  }

  /** RecvPort: flow-controlled bytes arrived on the connection. */
  chargeConnection(bytes: number): void {
    const tuner = (this.tuner ??= new WindowTuner(this.config, this.tunerPort));
    const increment = tuner.received(bytes, this.port.receivedAt);
    if (increment === 0) return;
    this.scheduler.pushControl(FrameType.WindowUpdate, 0, 0, encodeWindowUpdate(increment));
    this.scheduler.flushCredit();
  }

  /** RecvPort */
  get counters(): SessionCounters { return this.port.counters; }

  /** RecvPort */
  refuse(id: number, code: ErrorCode): void {
    this.port.counters.resetsSent++;
    this.table.rememberReset(id);
    this.scheduler.pushControl(FrameType.RstStream, 0, id, encodeRstStream(code));
    this.scheduler.schedule();
  }

  /** RecvPort */
  deliverStream(stream: WireStream): void {
    this.port.deliverStream(stream);
  }

  private admit(stream: WireStream): void {
    this.table.admitLocal(stream);
    stream.admitted();
    // Alone, a whole request goes at once (the scheduler's rule for a stream alone); among others it waits for the flush, so requests made together share a write.
    if (this.table.streams.size <= 1) return this.scheduler.streamReady(stream, 1);
    this.scheduler.markReady(stream);
    this.scheduler.schedule();
  }
}
