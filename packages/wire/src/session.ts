import type { ByteChannel } from "./byte-channel.ts";
import { verifyWireConfig, type WireConfig, type WireConfigInput } from "./config.ts";
import { Flag, FrameType, PREFACE_LENGTH, PROTOCOL_DEFAULTS } from "./constants.ts";
import { checkPing, decodeGoAway, decodeRstStream, decodeWindowUpdate, encodeGoAway, encodeRstStream, encodeWindowUpdate, type GoAway } from "./control-payloads.ts";
import { ErrorCode } from "./error-code.ts";
import type { Frame } from "./frame.ts";
import { type DecodedFrame, FrameDecoder } from "./frame-decoder.ts";
import { MAX_OUTSTANDING_PINGS, PingTracker } from "./ping-tracker.ts";
import { checkPreface, encodePreface } from "./preface.ts";
import { decodeFirstSettings, decodeSettings, encodeSettings, initialPeerSettings, type Settings } from "./settings.ts";
import { type HeadersOptions, type StreamHost, WireStream } from "./stream.ts";
import { type Role, StreamTable } from "./stream-table.ts";
import { TokenBucket } from "./token-bucket.ts";
import { WireError } from "./wire-error.ts";
import { WriteScheduler } from "./write-scheduler.ts";
import { SessionTimer } from "./session-timer.ts";
import { BdpEstimator } from "./bdp-estimator.ts";
import { headersBlockLength, LENGTH_PREFIX } from "./message-layout.ts";
import { Window } from "./window.ts";

/** Lifecycle of a session: `open` → `draining` (GOAWAY sent or received) → `closed`. */
export type SessionState = "open" | "draining" | "closed";

/** Options of {@link Session}. */
export interface SessionOptions {
  /** Fixes stream ID parity: the client opens odd streams, the server even ones. */
  readonly role: Role;
  /** Limits and timers; validated at construction (see {@link WireConfig}). */
  readonly config?: WireConfigInput | WireConfig | undefined;
  /**
   * Called for each stream the peer opens, with this session (so one function can serve every
   * session of a listener). Without it, peer streams are refused.
   */
  readonly onStream?: ((stream: WireStream, session: Session) => void) | undefined;
  /** Called once when the session closes (cheaper than `closed` for thousands of sessions). */
  readonly onClose?: (session: Session, error: WireError | undefined) => void;
  /** Called when the peer sends GOAWAY (it will take no new streams). */
  readonly onGoAway?: (goAway: GoAway) => void;
  /** Clock in milliseconds; injectable for tests. Defaults to `performance.now`. */
  readonly now?: () => number;
}

/** A snapshot of a session's queues (see {@link Session.diagnostics}). */
export interface SessionDiagnostics {
  /** Streams in the table (both directions). */
  readonly streams: number;
  /** Local streams waiting for the peer's concurrency limit. */
  readonly pendingStreams: number;
  /** Control frames queued but not yet written. */
  readonly queuedControlFrames: number;
  /** Bytes of a partial write waiting for the channel to drain. */
  readonly unwrittenBytes: number;
  /** Whether we stopped reading because the peer does not read our control frames. */
  readonly readPaused: boolean;
  /** Receive window granted to each stream now (grows with the measured bandwidth-delay product). */
  readonly streamWindow: number;
}

const enum Handshake {
  Preface,
  Settings,
  Done,
}

const MAX_BACKLOG_BYTES = 4 * 1024 * 1024;
/** Ready streams below which a flush waits for the end of the event-loop turn (unless bytes pile up). */
const EAGER_FLUSH_MIN = 16;
/** Message bytes one stream may queue in one turn before they are framed and written at once. */
const EAGER_FLUSH_BYTES = 64 * 1024;

/**
 * One Strand connection: the handshake, the stream table, dispatch of received frames, graceful
 * drain (GOAWAY), keep-alive, abuse limits, and the single close path. Runs over any
 * {@link ByteChannel}; the adapter feeds it with {@link receive}, {@link drain} and
 * {@link channelClosed}. Nothing throws out of those: protocol violations close the connection
 * with GOAWAY and their code, and every open stream observes the error.
 */
export class Session implements StreamHost {
  readonly role: Role;
  readonly config: WireConfig;

  peer: Settings = initialPeerSettings;
  /** The GOAWAY the peer sent, if any. */
  goAwayReceived: GoAway | undefined;

  private lifecycle: SessionState = "open";
  private handshake = Handshake.Preface;
  private readonly channel: ByteChannel;
  private readonly scheduler: WriteScheduler;
  private readonly decoder: FrameDecoder;
  private readonly table: StreamTable;
  /** Our outstanding PINGs; created with the first one (an idle connection has none for 30 s). */
  private pingTracker: PingTracker | undefined;
  private readonly timer: SessionTimer;
  /** Created when the peer first pings / resets (a full bucket then equals one refilled since start). */
  private pingBucket: TokenBucket | undefined;
  private resetBucket: TokenBucket | undefined;
  private readonly onStream: ((stream: WireStream, session: Session) => void) | undefined;
  private readonly onClose: ((session: Session, error: WireError | undefined) => void) | undefined;
  private closedPromise: Promise<WireError | undefined> | undefined;
  private readonly onGoAway: ((goAway: GoAway) => void) | undefined;
  private readonly now: () => number;
  /** When the current chunk arrived: per-frame bookkeeping (BDP) reads this instead of the clock. */
  private receivedAt = 0;
  private resolveClosed: ((error: WireError | undefined) => void) | undefined;
  private closeError: WireError | undefined;
  private preface: Uint8Array | undefined = EMPTY;
  /** Connection-level credit we granted the peer. */
  private readonly connRecv = new Window(PROTOCOL_DEFAULTS.initialConnectionWindow, "connection");
  /** The connection receive window we aim to keep open (grows with the stream window). */
  private connWindowTarget: number;
  /** Created with the first data received (idle connections never measure anything). */
  private bdp: BdpEstimator | undefined;
  /** Least round trip seen (PING and SETTINGS ACKs), in ms: the path's delay without queues, for the BDP estimate. */
  private minRttMs = Infinity;
  private flushScheduled = false;
  private readPaused = false;
  private backlog: Uint8Array[] | undefined;
  private backlogBytes = 0;
  /** Streams whose sends wait for the write queue to drain (allocated on first use). */
  private blockedSenders: Set<WireStream> | undefined;
  private channelGone = false;
  /** We sent GOAWAY: we take no new peer streams and close once our table is empty. */
  private sentGoAway = false;

  constructor(channel: ByteChannel, options: SessionOptions) {
    this.role = options.role;
    this.config = verifyWireConfig(options.config);
    this.channel = channel;
    this.onStream = options.onStream;
    this.onClose = options.onClose;
    this.onGoAway = options.onGoAway;
    this.now = options.now ?? defaultClock;
    const now = this.now();
    this.decoder = new FrameDecoder(this.config.maxFramePayload);
    this.table = new StreamTable(this.role, this.config.maxStreamId);
    this.scheduler = new WriteScheduler(channel, this.config.writeHighWaterMark);
    this.connWindowTarget = this.config.initialConnectionWindow;
    this.timer = new SessionTimer(this.config, now, this);
    this.scheduler.setPrefix(PREFACE);
    this.scheduler.pushControl(FrameType.Settings, 0, 0, settingsPayload(this.config));
    const extra = this.config.initialConnectionWindow - PROTOCOL_DEFAULTS.initialConnectionWindow;
    if (extra > 0) {
      this.scheduler.pushControl(FrameType.WindowUpdate, 0, 0, encodeWindowUpdate(extra));
      this.connRecv.grant(extra);
    }
    this.timer.settingsSent(now);
    this.scheduleFlush();
  }

  /** Resolves once closed: with the error that closed the session, or undefined for a clean close. */
  get closed(): Promise<WireError | undefined> {
    if (this.closedPromise === undefined) {
      this.closedPromise = this.lifecycle === "closed"
        ? Promise.resolve(this.closeError)
        : new Promise((resolve) => (this.resolveClosed = resolve));
    }
    return this.closedPromise;
  }

  /** Description of the remote end from the byte channel (e.g. `"127.0.0.1:53122"`), if it has one. */
  get peerAddress(): string | undefined {
    return this.channel.peer;
  }

  /** `open`, `draining` (no new streams; in-flight ones finish) or `closed`. */
  get state(): SessionState {
    return this.lifecycle;
  }

  /** Streams not yet closed, both directions, including those waiting for a concurrency slot. */
  get activeStreams(): number {
    return this.table.streams.size + this.table.pending.length;
  }

  /** Whether {@link openStream} would succeed now. */
  get canOpenStream(): boolean {
    return this.lifecycle === "open" && this.table.idsLeft > 0 && this.table.pending.length < this.config.maxPendingStreams;
  }

  /** Round-trip time of the last acknowledged PING, in ms. */
  get rttMs(): number | undefined {
    return this.pingTracker?.rttMs;
  }

  /** Counters for tests, benchmarks and health endpoints; cheap to read. */
  get diagnostics(): SessionDiagnostics {
    return {
      streams: this.table.streams.size,
      pendingStreams: this.table.pending.length,
      queuedControlFrames: this.scheduler.queuedControlFrames,
      unwrittenBytes: this.scheduler.unwrittenBytes,
      readPaused: this.readPaused,
      streamWindow: this.streamWindow,
    };
  }

  /** @internal SessionTimer: when the outstanding keep-alive PING was sent, if one is. */
  get keepaliveSentAt(): number | undefined {
    return this.pingTracker?.keepaliveSentAt;
  }

  private get pings(): PingTracker {
    return (this.pingTracker ??= new PingTracker());
  }

  /** @internal StreamHost: the current per-stream receive window. */
  get streamWindow(): number {
    return this.bdp?.window ?? this.config.initialStreamWindow;
  }

  /** @internal StreamHost: false while a partial write waits for drain. */
  get writable(): boolean {
    return this.scheduler.writable;
  }

  /**
   * Opens a stream with its first header block. With `message` and `end`, a small unary request
   * goes out as a single HEADERS frame. Throws {@link WireError} REFUSED_STREAM (never sent, safe
   * to retry elsewhere) when the session is draining, closed, out of stream IDs or has too many
   * streams waiting for the peer's concurrency limit.
   */
  openStream(headers: Uint8Array, options: HeadersOptions = {}): WireStream {
    if (this.lifecycle !== "open") {
      const why = this.lifecycle === "draining" ? "the connection is going away" : "the session is closed";
      throw new WireError(ErrorCode.RefusedStream, `cannot open a stream: ${why}`, { scope: "stream", cause: this.closeError });
    }
    if (this.table.idsLeft === 0) throw new WireError(ErrorCode.RefusedStream, "stream IDs exhausted: open a new connection", { scope: "stream" });
    const stream = new WireStream(this, 0, true, undefined);
    stream.queueHeaders(headers, options);
    if (this.table.pending.length === 0 && this.table.localActive < this.peer.maxConcurrentStreams) {
      this.admit(stream);
    } else if (this.table.pending.length >= this.config.maxPendingStreams) {
      throw new WireError(ErrorCode.RefusedStream, `${this.table.pending.length} streams already wait for the peer's concurrency limit`, { scope: "stream" });
    } else {
      this.table.enqueuePending(stream);
    }
    if (this.table.idsLeft === 0) this.goAway(ErrorCode.NoError, "stream IDs exhausted");
    return stream;
  }

  /** Sends a PING and resolves with the round-trip time in ms. */
  ping(): Promise<number> {
    if (this.lifecycle === "closed") return Promise.reject(this.closeError ?? new WireError(ErrorCode.Cancel, "session closed"));
    if (this.pings.size >= MAX_OUTSTANDING_PINGS) return Promise.reject(new WireError(ErrorCode.EnhanceYourCalm, "too many pings outstanding"));
    return new Promise((resolve, reject) => {
      this.pushControl(FrameType.Ping, 0, 0, this.pings.start(this.now(), false, resolve, reject));
      this.scheduleFlush();
    });
  }

  /**
   * Graceful drain: GOAWAY tells the peer the last stream we will process; those in flight finish,
   * later ones are refused (the peer learns they were never processed). We close the connection
   * once every stream is done. Resolves once closed.
   */
  goAway(code: ErrorCode = ErrorCode.NoError, reason = ""): Promise<WireError | undefined> {
    if (!this.sentGoAway && this.lifecycle !== "closed") {
      this.lifecycle = "draining";
      this.sentGoAway = true;
      this.pushControl(FrameType.GoAway, 0, 0, encodeGoAway(this.table.lastPeerId, code, reason));
      this.failPending(new WireError(ErrorCode.RefusedStream, "the connection is going away; the stream was never sent", { scope: "stream" }));
      this.scheduleFlush();
      this.checkDrained();
    }
    return this.closed;
  }

  /**
   * Closes now. Every open stream fails with `error` (or a CANCEL error). A local connection error
   * is announced to the peer with GOAWAY first.
   */
  close(error?: WireError): void {
    if (this.lifecycle === "closed") return;
    this.lifecycle = "closed";
    this.closeError = error;
    this.timer.stop();
    if (error !== undefined && error.initiator === "local" && !this.channelGone) {
      this.pushControl(FrameType.GoAway, 0, 0, encodeGoAway(this.table.lastPeerId, error.code, error.message));
      this.scheduler.flush();
    }
    const streamError = error ?? new WireError(ErrorCode.Cancel, "session closed", { scope: "connection" });
    // Streams whose HEADERS never left are reported as refused, so the owner may retry them on
    // another connection: a call opened just before a connection loss was noticed is not lost.
    const unsent = new WireError(ErrorCode.RefusedStream, `the connection closed before the stream was sent: ${streamError.message}`, { scope: "stream", cause: streamError });
    for (const stream of this.table.all()) stream.fail(stream.unsent ? unsent : streamError);
    this.table.pending.length = 0;
    this.pingTracker?.clear(streamError);
    const blocked = this.blockedSenders;
    this.blockedSenders = undefined;
    if (blocked !== undefined) for (const stream of blocked) stream.wakeSenders();
    if (!this.channelGone) {
      this.channelGone = true;
      this.channel.close();
    }
    this.resolveClosed?.(error);
    this.onClose?.(this, error);
  }

  // ---- byte channel events ----

  /** Bytes arrived from the channel. */
  receive(chunk: Uint8Array): void {
    if (this.lifecycle === "closed") return;
    const now = this.now();
    this.receivedAt = now;
    this.timer.received(now);
    if (this.readPaused) {
      (this.backlog ??= []).push(chunk);
      this.backlogBytes += chunk.length;
      if (this.backlogBytes > MAX_BACKLOG_BYTES) this.close(new WireError(ErrorCode.EnhanceYourCalm, "peer keeps sending while we wait for it to read"));
      return;
    }
    try {
      if (this.handshake === Handshake.Preface) {
        const rest = this.readPreface(chunk);
        if (rest === undefined) return;
        chunk = rest;
      }
      this.decoder.push(chunk);
      this.pump();
    } catch (error) {
      this.close(WireError.from(error));
    }
  }

  /** The channel can take more bytes. */
  drain(): void {
    if (this.lifecycle === "closed") return;
    this.flushNow();
  }

  /** The channel closed (by the peer, the network, or us). */
  channelClosed(cause?: unknown): void {
    this.channelGone = true;
    if (this.lifecycle === "closed") return;
    if (this.lifecycle === "draining" && this.table.streams.size === 0) return this.close(undefined);
    const goAway = this.goAwayReceived;
    const error = goAway !== undefined && goAway.code !== ErrorCode.NoError
      ? new WireError(goAway.code, `peer sent GOAWAY: ${goAway.reason}`, { initiator: "remote", cause })
      : new WireError(ErrorCode.ConnectionLost, "connection lost", { initiator: "remote", cause });
    this.close(error);
  }

  // ---- StreamHost ----

  /** @internal */
  schedule(stream: WireStream): void {
    if (stream.id === 0 || this.lifecycle === "closed") return;
    this.scheduler.markReady(stream);
    // Frames produced in one event-loop turn are coalesced into one write — but once half the
    // open streams have something to send, that batch goes out now, so the peer works on it while
    // we produce the rest. Without this both ends take turns (one batch in flight at a time) and
    // each stays about half idle; with it they overlap (+30–40 % unary calls/s at 100 in flight).
    // Likewise a stream producing many messages in one turn (a server-streaming loop that never
    // waits) has them written every 64 KiB instead of after a whole window's worth — when credit
    // allows framing them at all (otherwise every further message would retry in vain).
    const eager =
      this.scheduler.readyCount >= Math.max(EAGER_FLUSH_MIN, this.table.streams.size / 2) ||
      (stream.sendQueue.queuedBytes >= EAGER_FLUSH_BYTES && Math.min(stream.sendWindow.available, this.scheduler.connectionWindow.available) >= EAGER_FLUSH_BYTES);
    if (eager && this.scheduler.writable) this.flushNow();
    else this.scheduleFlush();
  }

  /** @internal */
  sendWindowUpdate(stream: WireStream, increment: number): void {
    this.pushControl(FrameType.WindowUpdate, 0, stream.id, encodeWindowUpdate(increment));
    this.flushCredit();
  }

  /** @internal */
  sendReset(stream: WireStream, code: ErrorCode): void {
    if (stream.id === 0) return;
    this.table.rememberReset(stream.id);
    this.pushControl(FrameType.RstStream, 0, stream.id, encodeRstStream(code));
    this.scheduleFlush();
  }

  /** @internal */
  waitWritable(stream: WireStream): void {
    (this.blockedSenders ??= new Set()).add(stream);
  }

  /** @internal */
  streamClosed(stream: WireStream): void {
    if (!this.table.remove(stream)) return;
    if (!this.table.isPeerId(stream.id)) this.admitPending();
    this.checkDrained();
  }

  // ---- receiving ----

  private readPreface(chunk: Uint8Array): Uint8Array | undefined {
    const have = this.preface!;
    const joined = new Uint8Array(have.length + chunk.length);
    joined.set(have);
    joined.set(chunk, have.length);
    if (joined.length < PREFACE_LENGTH) {
      checkPreface(withPadding(joined));
      this.preface = joined;
      return undefined;
    }
    checkPreface(joined);
    this.preface = undefined;
    this.handshake = Handshake.Settings;
    return joined.subarray(PREFACE_LENGTH);
  }

  private pump(): void {
    let frame: DecodedFrame | undefined;
    while (!this.readPaused && this.lifecycle !== "closed" && (frame = this.decoder.next()) !== undefined) {
      this.dispatch(frame);
      if (this.scheduler.queuedControlFrames >= this.config.maxQueuedControlFrames) this.pauseReading();
    }
  }

  private dispatch(frame: DecodedFrame): void {
    if (this.handshake !== Handshake.Done && (frame.type !== FrameType.Settings || (frame.flags & Flag.Ack) !== 0)) {
      throw new WireError(ErrorCode.ProtocolError, "the first frame after the preface must be SETTINGS");
    }
    switch (frame.type) {
      case FrameType.Data:
        return this.onData(frame);
      case FrameType.Headers:
        return this.onHeaders(frame);
      case FrameType.RstStream:
        return this.onRstStream(frame);
      case FrameType.Settings:
        return this.onSettings(frame);
      case FrameType.Ping:
        return this.onPing(frame);
      case FrameType.GoAway:
        return this.onGoAwayFrame(frame);
      case FrameType.WindowUpdate:
        return this.onWindowUpdate(frame);
      default:
        throw new WireError(ErrorCode.ProtocolError, `unknown frame type 0x${(frame.type as number).toString(16)}`);
    }
  }

  private onData(frame: Frame): void {
    requireStreamId(frame);
    this.chargeConnection(frame.payload.length);
    const stream = this.table.streams.get(frame.streamId);
    if (stream === undefined) return this.unknownStream(frame);
    try {
      stream.receiveData(frame.flags, frame.payload);
    } catch (error) {
      this.streamError(stream, error);
    }
  }

  private onHeaders(frame: DecodedFrame): void {
    requireStreamId(frame);
    let block: Uint8Array;
    let message: Uint8Array | undefined;
    if ((frame.flags & Flag.WithMessage) !== 0) {
      // Block and message are cut straight from the source: no view of the whole payload first.
      const { source, start, length: total } = frame;
      const length = headersBlockLength(source, start, total);
      const blockStart = start + LENGTH_PREFIX;
      message = source.subarray(blockStart + length, start + total);
      block = length === 0 ? EMPTY : source.subarray(blockStart, blockStart + length);
      this.chargeConnection(message.length);
    } else {
      block = frame.payload;
    }
    const endStream = (frame.flags & Flag.EndStream) !== 0;
    const stream = this.table.streams.get(frame.streamId);
    if (stream !== undefined) {
      try {
        stream.receiveHeaders(block, message, endStream);
      } catch (error) {
        this.streamError(stream, error);
      }
      return;
    }
    if (this.table.isPeerId(frame.streamId) && frame.streamId > this.table.lastPeerId) return this.acceptStream(frame.streamId, block, message, endStream);
    this.unknownStream(frame);
  }

  private acceptStream(id: number, block: Uint8Array, message: Uint8Array | undefined, endStream: boolean): void {
    this.table.lastPeerId = id;
    // Only our own GOAWAY stops us accepting: the peer's limits what *we* may open.
    if (this.sentGoAway || this.lifecycle === "closed" || this.onStream === undefined) return this.refuse(id, ErrorCode.RefusedStream);
    if (this.table.peerActive >= this.config.maxConcurrentStreams) return this.refuse(id, ErrorCode.RefusedStream);
    const stream = new WireStream(this, id, false, undefined);
    this.table.addPeer(stream);
    try {
      stream.acceptHeaders(block);
    } catch (error) {
      return this.streamError(stream, error);
    }
    try {
      this.onStream(stream, this);
    } catch (error) {
      return this.streamError(stream, new WireError(ErrorCode.InternalError, "stream handler threw", { scope: "stream", cause: error }));
    }
    // After onStream: a listener attached there gets the message directly (no queue).
    if (stream.error !== undefined || (message === undefined && !endStream)) return;
    try {
      stream.receiveBody(block, message, endStream);
    } catch (error) {
      this.streamError(stream, error);
    }
  }

  private onRstStream(frame: Frame): void {
    requireStreamId(frame);
    const code = decodeRstStream(frame.payload);
    const now = this.now();
    this.resetBucket ??= new TokenBucket(this.config.resetBurst, this.config.resetsPerSecond, now);
    if (!this.resetBucket.take(now)) throw new WireError(ErrorCode.EnhanceYourCalm, "too many stream resets (reset flood)");
    const stream = this.table.streams.get(frame.streamId);
    if (stream === undefined) return this.unknownStream(frame);
    stream.receiveReset(code);
  }

  private onSettings(frame: Frame): void {
    if (frame.streamId !== 0) throw new WireError(ErrorCode.ProtocolError, "SETTINGS on a stream");
    if ((frame.flags & Flag.Ack) !== 0) {
      if (frame.payload.length !== 0) throw new WireError(ErrorCode.FrameSizeError, "SETTINGS ACK with a payload");
      const rtt = this.timer.settingsAcked(this.now());
      if (rtt !== undefined && rtt < this.minRttMs) this.minRttMs = rtt;
      return;
    }
    const previous = this.peer;
    this.peer = previous === initialPeerSettings ? decodeFirstSettings(frame.payload) : decodeSettings(frame.payload, previous);
    this.handshake = Handshake.Done;
    const framer = this.scheduler.framer;
    framer.maxFramePayload = this.peer.maxFramePayload;
    framer.batch = this.peer.acceptBatch;
    framer.peerStreamWindow = this.peer.initialStreamWindow;
    const delta = this.peer.initialStreamWindow - previous.initialStreamWindow;
    if (delta !== 0) {
      for (const stream of this.table.streams.values()) {
        try {
          stream.addSendCredit(delta);
        } catch (error) {
          this.streamError(stream, error);
        }
      }
    }
    this.pushControl(FrameType.Settings, Flag.Ack, 0, EMPTY);
    this.admitPending();
    this.scheduleFlush();
  }

  private onPing(frame: Frame): void {
    if (frame.streamId !== 0) throw new WireError(ErrorCode.ProtocolError, "PING on a stream");
    checkPing(frame.payload);
    if ((frame.flags & Flag.Ack) !== 0) {
      const rtt = this.pingTracker?.ack(frame.payload, this.now());
      if (rtt !== undefined && rtt < this.minRttMs) this.minRttMs = rtt;
      return;
    }
    const now = this.now();
    this.pingBucket ??= new TokenBucket(this.config.pingBurst, this.config.pingsPerSecond, now);
    if (!this.pingBucket.take(now)) throw new WireError(ErrorCode.EnhanceYourCalm, "too many pings (ping flood)");
    this.pushControl(FrameType.Ping, Flag.Ack, 0, frame.payload);
    this.scheduleFlush();
  }

  private onGoAwayFrame(frame: Frame): void {
    if (frame.streamId !== 0) throw new WireError(ErrorCode.ProtocolError, "GOAWAY on a stream");
    const goAway = decodeGoAway(frame.payload);
    this.goAwayReceived = goAway;
    if (this.lifecycle === "open") this.lifecycle = "draining";
    const refused = new WireError(ErrorCode.RefusedStream, `the peer is going away (GOAWAY ${ErrorCode[goAway.code]}: ${goAway.reason}) and did not process this stream`, { scope: "stream", initiator: "remote" });
    for (const stream of [...this.table.streams.values()]) {
      if (!this.table.isPeerId(stream.id) && stream.id > goAway.lastStreamId) stream.fail(refused);
    }
    this.failPending(refused);
    this.onGoAway?.(goAway);
    this.checkDrained();
  }

  private onWindowUpdate(frame: Frame): void {
    const increment = decodeWindowUpdate(frame.payload);
    if (frame.streamId === 0) {
      this.scheduler.connectionWindow.grant(increment);
      return this.scheduleFlush();
    }
    const stream = this.table.streams.get(frame.streamId);
    if (stream === undefined) return this.unknownStream(frame);
    try {
      stream.addSendCredit(increment);
    } catch (error) {
      this.streamError(stream, error);
    }
  }

  /** A frame for a stream not in the table: idle (never opened) → error; recently reset → ignore. */
  private unknownStream(frame: Frame): void {
    const id = frame.streamId;
    if (this.table.isIdle(id)) {
      const what = this.table.isPeerId(id) ? "was never opened" : "has this endpoint's parity (wrong stream ID parity)";
      throw new WireError(ErrorCode.ProtocolError, `${FrameType[frame.type] ?? frame.type} frame for stream ${id}, which ${what}`);
    }
    if (frame.type === FrameType.WindowUpdate || frame.type === FrameType.RstStream || this.table.wasReset(id)) return;
    if (frame.type === FrameType.Headers && this.table.isPeerId(id)) {
      throw new WireError(ErrorCode.ProtocolError, `stream ${id} is not greater than the last opened (${this.table.lastPeerId}): IDs must increase`);
    }
    throw new WireError(ErrorCode.StreamClosed, `${FrameType[frame.type] ?? frame.type} frame for closed stream ${id}`);
  }

  private chargeConnection(bytes: number): void {
    const window = this.connRecv;
    window.consume(bytes);
    // Probing starts once a quarter of a stream window has arrived: a connection that only ever
    // carries small calls cannot be window-limited, so it sends no probes and keeps no estimator
    // (nor a ping tracker on this side, nor a ping budget on the peer's).
    if (this.bdp !== undefined || window.unannounced + bytes >= this.config.initialStreamWindow / 4) {
      this.bdp ??= new BdpEstimator(this.config.initialStreamWindow, Math.max(this.config.maxWindow, this.config.initialStreamWindow));
      if (this.bdp.received(bytes, this.receivedAt)) this.probeBandwidth();
    }
    // Connection credit is returned as data arrives (streams hold back their own): half the target at a time.
    const increment = window.release(bytes, this.connWindowTarget / 2);
    if (increment > 0) {
      this.pushControl(FrameType.WindowUpdate, 0, 0, encodeWindowUpdate(increment));
      this.flushCredit();
    }
  }

  private probeBandwidth(): void {
    const onAck = (rttMs: number): void => {
      const bdp = this.bdp!;
      const before = bdp.window;
      const grown = bdp.acked(rttMs, this.minRttMs);
      if (grown !== undefined && this.lifecycle !== "closed") this.growWindows(grown, grown - before);
    };
    this.pushControl(FrameType.Ping, 0, 0, this.pings.start(this.now(), false, onAck, () => {}));
    this.scheduleFlush();
  }

  /** The window limits throughput: raise every stream's window (SETTINGS) and the connection's. */
  private growWindows(streamWindow: number, delta: number): void {
    for (const stream of this.table.streams.values()) stream.growReceiveWindow(delta);
    this.pushControl(FrameType.Settings, 0, 0, encodeSettings({ ...this.config, initialStreamWindow: streamWindow, acceptBatch: true }));
    this.timer.settingsSent(this.now());
    if (streamWindow > this.connWindowTarget) {
      const extra = streamWindow - this.connWindowTarget;
      this.connWindowTarget = streamWindow;
      this.connRecv.grant(extra);
      this.pushControl(FrameType.WindowUpdate, 0, 0, encodeWindowUpdate(extra));
    }
    this.scheduleFlush();
  }

  private streamError(stream: WireStream, error: unknown): void {
    const wireError = WireError.from(error);
    if (wireError.scope === "connection") throw wireError;
    stream.abort(wireError);
  }

  private refuse(id: number, code: ErrorCode): void {
    this.table.rememberReset(id);
    this.pushControl(FrameType.RstStream, 0, id, encodeRstStream(code));
    this.scheduleFlush();
  }

  // ---- sending ----

  private admit(stream: WireStream): void {
    this.table.admitLocal(stream);
    stream.admitted();
    this.scheduler.markReady(stream);
    this.scheduleFlush();
  }

  private admitPending(): void {
    const pending = this.table.pending;
    while (pending.length > 0 && this.table.localActive < this.peer.maxConcurrentStreams && this.lifecycle === "open") {
      const stream = pending.shift()!;
      if (stream.error === undefined) this.admit(stream);
    }
  }

  private failPending(error: WireError): void {
    const pending = this.table.pending.splice(0);
    for (const stream of pending) stream.fail(error);
  }

  private pushControl(type: FrameType, flags: number, streamId: number, payload: Uint8Array): void {
    this.scheduler.pushControl(type, flags, streamId, payload);
  }

  /**
   * Credit goes out at once rather than at the end of the turn: the peer is (or soon will be)
   * blocked on it, and every microsecond it waits is a microsecond both ends spend taking turns.
   */
  private flushCredit(): void {
    if (this.scheduler.writable && this.lifecycle !== "closed" && !this.channelGone) this.flushNow();
    else this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.lifecycle === "closed") return;
    this.flushScheduled = true;
    setImmediate(Session.runFlush, this);
  }

  /** One function for every session's scheduled flush: no per-session closure. */
  private static readonly runFlush = (session: Session): void => session.flushNow();

  private flushNow(): void {
    this.flushScheduled = false;
    if (this.channelGone) return;
    if (!this.scheduler.flush()) return;
    if (!this.scheduler.writable) return;
    const blocked = this.blockedSenders;
    if (blocked !== undefined) {
      this.blockedSenders = undefined;
      for (const stream of blocked) stream.wakeSenders();
    }
    if (this.readPaused && this.scheduler.queuedControlFrames < this.config.maxQueuedControlFrames / 2) this.resumeReading();
    if (this.scheduler.hasWork) this.scheduleFlush();
    this.checkDrained();
  }

  private pauseReading(): void {
    this.readPaused = true;
    this.channel.pause?.();
    this.scheduleFlush();
  }

  private resumeReading(): void {
    this.readPaused = false;
    this.channel.resume?.();
    try {
      this.pump();
      const backlog = this.backlog ?? [];
      this.backlog = undefined;
      this.backlogBytes = 0;
      for (const chunk of backlog) this.receive(chunk);
    } catch (error) {
      this.close(WireError.from(error));
    }
  }

  // ---- lifecycle ----

  /**
   * The GOAWAY sender closes once its streams are done; the receiver waits for that close (the
   * sender may still have streams it opened before its GOAWAY on the way to us).
   */
  private checkDrained(): void {
    if (!this.sentGoAway || this.lifecycle !== "draining" || this.table.streams.size > 0 || this.table.pending.length > 0) return;
    if (!this.scheduler.idle) {
      if (this.scheduler.hasWork) this.scheduleFlush();
      return;
    }
    this.close(undefined);
  }

  /** @internal The session's deadline (SessionTimer) passed. */
  timerFired(): void {
    if (this.lifecycle === "closed") return;
    const now = this.now();
    const expired = this.timer.expired(now);
    if (expired === "settings") return this.close(new WireError(ErrorCode.SettingsTimeout, `peer did not acknowledge SETTINGS within ${this.config.keepaliveTimeoutMs} ms`));
    if (expired === "keepalive") return this.close(new WireError(ErrorCode.KeepaliveTimeout, `peer did not answer PING within ${this.config.keepaliveTimeoutMs} ms`));
    if (this.timer.shouldPing(now)) {
      this.pushControl(FrameType.Ping, 0, 0, this.pings.start(now, true));
      this.scheduleFlush();
    }
    this.timer.arm(now);
  }
}

const EMPTY = new Uint8Array(0);
const PREFACE = encodePreface();
const defaultClock = (): number => performance.now();
const settingsPayloads = new WeakMap<WireConfig, Uint8Array>();

/** Our SETTINGS payload, encoded once per (shared, frozen) config. */
function settingsPayload(config: WireConfig): Uint8Array {
  let payload = settingsPayloads.get(config);
  if (payload === undefined) settingsPayloads.set(config, (payload = encodeSettings({ ...config, acceptBatch: true })));
  return payload;
}

function requireStreamId(frame: Frame): void {
  if (frame.streamId === 0) throw new WireError(ErrorCode.ProtocolError, `${FrameType[frame.type]} frame on stream 0`);
}

/** Pads a short preface prefix with the expected bytes so only the bytes we have are judged. */
function withPadding(partial: Uint8Array): Uint8Array {
  const padded = encodePreface();
  padded.set(partial);
  return padded;
}
