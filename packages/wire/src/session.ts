import type { ByteChannel } from "./byte-channel.ts";
import { verifyWireConfig, type WireConfig } from "./config.ts";
import { type MessageCompression, verifyCodec } from "./compression.ts";
import { type ConnectionState, goAwayReceivedIn, nextConnectionState, OPEN } from "./connection-state.ts";
import { FrameType } from "./constants.ts";
import { encodeGoAway, encodeWindowUpdate, type GoAway } from "./control-payloads.ts";
import { ErrorCode } from "./error-code.ts";
import { FrameRouter, type RouterPort } from "./frame-router.ts";
import { DrainNotice } from "./drain-notice.ts";
import { drained, failPendingOnDrain, lostConnectionError, refuseUnprocessed } from "./go-away.ts";
import { PingPong } from "./ping-pong.ts";
import { encodePreface } from "./preface.ts";
import type { SessionDiagnostics, SessionOptions, SessionState } from "./session-options.ts";
import { diagnosticsOf } from "./session-diagnostics.ts";
import { SessionCounters } from "./session-counters.ts";
import { SessionStreams, type StreamsPort } from "./session-streams.ts";
import { expiryError, SessionTimer } from "./session-timer.ts";
import { noteRead } from "./turn-contention.ts";
import { encodeSettings, initialPeerSettings, type Settings, settingsPayload } from "./settings.ts";
import type { HeadersOptions, WireStream } from "./stream.ts";
import { type Role, StreamTable } from "./stream-table.ts";
import { WireError } from "./wire-error.ts";
import { initialConnectionGrant, type TunerPort } from "./window-tuner.ts";
import { type FlushPort, WriteScheduler } from "./write-scheduler.ts";

/**
 * One Strand connection. The session owns the byte channel and its life (one
 * {@link ConnectionState}, changed in one place, closed by one path) and wires its collaborators:
 * the {@link FrameRouter} reads and routes frames, {@link SessionStreams} keeps the stream table,
 * {@link PingPong} the pings, the {@link WindowTuner} connection flow control, and the
 * {@link WriteScheduler} decides when and in which order to write. The adapter feeds it with
 * {@link receive}, {@link drain} and {@link channelClosed}; nothing throws out of those: protocol
 * violations close the connection with GOAWAY and their code, and every stream sees the error.
 */
export class Session implements RouterPort, StreamsPort, FlushPort, TunerPort {
  readonly role: Role;
  readonly config: WireConfig;
  /** The peer's SETTINGS (the protocol defaults until its first SETTINGS frame). */
  peer: Settings = initialPeerSettings;
  /** @internal StreamsPort: when the chunk being read arrived. */
  receivedAt = 0;
  /** @internal FlushPort: the channel is closed (by the peer, the network, or us). */
  channelGone = false;

  private life: ConnectionState = OPEN;
  /** The byte channel the session runs over (its adapter may keep per-connection facts there). */
  readonly channel: ByteChannel;
  /** Running totals (bytes, pings, GOAWAYs, resets, flow-control stalls, the last error), read when asked. */
  readonly counters: SessionCounters;
  /** @internal StreamsPort: compresses and inflates messages (`SessionOptions.codec`). */
  readonly codec: MessageCompression | undefined;
  // The owner's callbacks, not its options object: adapters build one per connection, not to be kept.
  private readonly onStream: SessionOptions["onStream"];
  private readonly onClose: SessionOptions["onClose"];
  private readonly onGoAway: SessionOptions["onGoAway"];
  private readonly now: () => number;
  private readonly streams: SessionStreams;
  private readonly router: FrameRouter;
  /** Created with the first PING either way (an idle connection pings after 30 s at the earliest). */
  private pingPong: PingPong | undefined;
  /** A server's drain notice, between its first GOAWAY and the final one. */
  private notice: DrainNotice | undefined;
  private readonly scheduler: WriteScheduler;
  private readonly timer: SessionTimer;
  private closedPromise: Promise<WireError | undefined> | undefined;
  private resolveClosed: ((error: WireError | undefined) => void) | undefined;

  constructor(channel: ByteChannel, options: SessionOptions) {
    this.role = options.role;
    this.config = verifyWireConfig(options.config);
    this.channel = channel;
    this.codec = verifyCodec(this.config, options.codec);
    this.onStream = options.onStream;
    this.onClose = options.onClose;
    this.onGoAway = options.onGoAway;
    this.now = options.now ?? defaultClock;
    this.counters = new SessionCounters(this, options.observer);
    const now = this.now();
    const config = this.config;
    this.scheduler = new WriteScheduler(channel, config.writeHighWaterMark, this);
    this.timer = new SessionTimer(config, now, this);
    this.streams = new SessionStreams(this, config, new StreamTable(this.role, config.maxStreamId), this.scheduler, this);
    this.router = new FrameRouter(this, config, channel, this.streams, this.scheduler, this.timer, this.now);
    this.scheduler.setPrefix(PREFACE);
    this.scheduler.pushControl(FrameType.Settings, 0, 0, settingsPayload(config));
    const extra = initialConnectionGrant(config);
    if (extra > 0) this.scheduler.pushControl(FrameType.WindowUpdate, 0, 0, encodeWindowUpdate(extra));
    this.timer.settingsSent(now);
    this.scheduler.schedule();
  }

  /** Resolves once closed: with the error that closed the session, or undefined for a clean close. */
  get closed(): Promise<WireError | undefined> {
    const life = this.life;
    this.closedPromise ??= life.t === "closed" ? Promise.resolve(life.error) : new Promise((resolve) => (this.resolveClosed = resolve));
    return this.closedPromise;
  }

  /** The GOAWAY the peer sent, if any. */
  get goAwayReceived(): GoAway | undefined { return goAwayReceivedIn(this.life); }

  /** Description of the remote end from the byte channel (e.g. `"127.0.0.1:53122"`), if it has one. */
  get peerAddress(): string | undefined { return this.channel.peer; }

  /** `open`, `draining` (no new streams; in-flight ones finish) or `closed`. */
  get state(): SessionState { return this.life.t; }

  /** Streams not yet closed, both directions, including those waiting for a concurrency slot. */
  get activeStreams(): number { return this.streams.table.streams.size + this.streams.table.pending.length; }

  /** Whether {@link openStream} would succeed now. */
  get canOpenStream(): boolean {
    const table = this.streams.table;
    return this.life.t === "open" && table.idsLeft > 0 && table.pending.length < this.config.maxPendingStreams;
  }

  /** Whether the peer's first SETTINGS arrived: its side of the handshake is over (servers bound handshakes in progress). */
  get peerSettingsReceived(): boolean { return this.peer !== initialPeerSettings; }

  /** Round-trip time of the last acknowledged PING, in ms. */
  get rttMs(): number | undefined { return this.pingPong?.rttMs; }

  /** Counters for tests, benchmarks and health endpoints; cheap to read. */
  get diagnostics(): SessionDiagnostics { return diagnosticsOf(this.streams, this.scheduler, this.router); }

  /**
   * Opens a stream with its first header block (with `message` and `end`, a unary request is one
   * HEADERS frame). Throws REFUSED_STREAM (never sent, safe to retry elsewhere) when draining,
   * closed, out of stream IDs or with too many streams waiting for the peer's concurrency limit.
   */
  openStream(headers: Uint8Array, options: HeadersOptions = {}): WireStream {
    const life = this.life;
    if (life.t !== "open") {
      const why = life.t === "draining" ? "the connection is going away" : "the session is closed";
      throw new WireError(ErrorCode.RefusedStream, `cannot open a stream: ${why}`, { scope: "stream", cause: life.t === "closed" ? life.error : undefined });
    }
    const table = this.streams.table;
    if (table.idsLeft === 0) throw new WireError(ErrorCode.RefusedStream, "stream IDs exhausted: open a new connection", { scope: "stream" });
    const stream = this.streams.open(headers, options);
    if (table.idsLeft === 0) void this.goAway(ErrorCode.NoError, "stream IDs exhausted");
    return stream;
  }

  /** Sends a PING and resolves with the round-trip time in ms. */
  ping(): Promise<number> {
    return this.life.t === "closed" ? Promise.reject(this.life.error ?? new WireError(ErrorCode.Cancel, "session closed")) : this.pings.ping(this.now());
  }

  /**
   * Graceful drain: GOAWAY names the last stream we will process (a server first gives notice, see
   * {@link DrainNotice}); streams in flight finish, later ones are refused (never processed). We
   * close once every stream is done; resolves then.
   */
  goAway(code: ErrorCode = ErrorCode.NoError, reason = ""): Promise<WireError | undefined> {
    // A server's graceful drain gives notice first, so that streams already on their way are served.
    if (code === ErrorCode.NoError && this.role === "server" && this.life.t === "open") this.notice ??= new DrainNotice(this, reason, () => this.finalGoAway(code, reason));
    else this.finalGoAway(code, reason);
    return this.closed;
  }

  private finalGoAway(code: ErrorCode, reason: string): void {
    if (this.life.t === "closed" || (this.life.t === "draining" && this.life.sent)) return;
    this.notice?.cancel();
    this.life = nextConnectionState(this.life, { t: "goAwaySent" });
    this.sendGoAwayFrame(this.streams.table.lastPeerId, code, reason);
    failPendingOnDrain(this.streams.table);
    this.checkDrained();
  }

  /** @internal DrainNoticePort */
  sendGoAwayFrame(lastStreamId: number, code: ErrorCode, reason: string): void {
    this.counters.goAwaySent(code, reason, lastStreamId);
    this.scheduler.pushControl(FrameType.GoAway, 0, 0, encodeGoAway(lastStreamId, code, reason));
    this.scheduler.schedule();
  }

  /** Closes now, the single close path: every stream fails with `error` (or CANCEL); a local error goes to the peer in GOAWAY first. */
  close(error?: WireError): void {
    if (this.life.t === "closed") return;
    this.life = nextConnectionState(this.life, { t: "close", error });
    this.timer.stop();
    this.notice?.cancel();
    if (error !== undefined && error.initiator === "local" && !this.channelGone) {
      this.counters.goAwaySent(error.code, error.reason, this.streams.table.lastPeerId);
      this.scheduler.pushControl(FrameType.GoAway, 0, 0, encodeGoAway(this.streams.table.lastPeerId, error.code, error.reason));
      this.scheduler.flush();
    }
    if (this.activeStreams > 0 || this.pingPong !== undefined) {
      // Built only when something receives it: an idle connection's close allocates no error.
      const streamError = error ?? new WireError(ErrorCode.Cancel, "session closed", { scope: "connection" });
      this.streams.failAll(streamError);
      this.pingPong?.clear(streamError);
    }
    this.scheduler.wakeBlocked();
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
    if (this.life.t === "closed") return;
    const now = this.now();
    this.receivedAt = now;
    this.counters.bytesReceived += chunk.length;
    noteRead(this, now);
    this.timer.received(now);
    try {
      this.router.receive(chunk);
    } catch (error) {
      this.close(WireError.from(error));
    }
  }

  /** The channel can take more bytes. */
  drain(): void {
    if (this.life.t !== "closed") this.scheduler.flushNow();
  }

  /** The channel closed (by the peer, the network, or us). */
  channelClosed(cause?: unknown): void {
    this.channelGone = true;
    if (this.life.t !== "closed") this.router.finishInput(); // what arrived before the close is not lost to a pause or a spent turn
    const life = this.life;
    if (life.t === "closed") return;
    if (life.t === "draining" && this.streams.table.streams.size === 0) return this.close(undefined);
    this.close(lostConnectionError(goAwayReceivedIn(life), cause));
  }

  // ---- what the collaborators see of the session (internal) ----

  /** @internal */ get isOpen(): boolean { return this.life.t === "open"; }
  /** @internal */ get isClosed(): boolean { return this.life.t === "closed"; }

  /** @internal StreamsPort: only our own GOAWAY stops us accepting (the peer's limits what *we* may open). */
  get acceptingStreams(): boolean {
    const life = this.life;
    return this.onStream !== undefined && (life.t === "open" || (life.t === "draining" && !life.sent));
  }

  /** @internal SessionTimer: when the outstanding keep-alive PING was sent, if one is. */
  get keepaliveSentAt(): number | undefined { return this.pingPong?.keepaliveSentAt; }

  /** @internal RouterPort, TunerPort */
  get pings(): PingPong { return (this.pingPong ??= new PingPong(this.config, this.scheduler, this.timer, this.counters)); }

  /** @internal StreamsPort */
  deliverStream(stream: WireStream): void { this.onStream!(stream, this); }

  /** @internal RouterPort: refuse what the peer did not process, then wait for its close (it may still send streams it opened first). */
  peerGoingAway(goAway: GoAway): void {
    this.life = nextConnectionState(this.life, { t: "goAwayReceived", goAway });
    refuseUnprocessed(this.streams.table, goAway);
    this.counters.goAwayReceived(goAway);
    this.onGoAway?.(goAway);
    this.checkDrained();
  }

  /** @internal FlushPort */ controlQueueDrained(): void {
    this.router.controlQueueDrained();
  }

  /** @internal TunerPort: the window limits throughput — raise every stream's (SETTINGS) and the connection's. */
  windowsGrew(streamWindow: number, delta: number, connectionIncrement: number): void {
    if (this.life.t === "closed") return;
    this.streams.receiveWindowGrew(delta);
    this.scheduler.pushControl(FrameType.Settings, 0, 0, encodeSettings({ ...this.config, initialStreamWindow: streamWindow, acceptBatch: true, acceptWithTrailers: true }));
    this.timer.settingsSent(this.now());
    if (connectionIncrement > 0) this.scheduler.pushControl(FrameType.WindowUpdate, 0, 0, encodeWindowUpdate(connectionIncrement));
    this.scheduler.schedule();
  }

  /** @internal The GOAWAY sender closes once its streams are done and everything is written. */
  checkDrained(): void {
    const life = this.life;
    if (life.t !== "draining" || !life.sent || !drained(this.streams.table)) return;
    if (this.scheduler.idle) return this.close(undefined);
    if (this.scheduler.hasWork) this.scheduler.schedule();
  }

  /** @internal The session's deadline (SessionTimer) passed. */
  timerFired(): void {
    if (this.life.t === "closed") return;
    const now = this.now();
    const expired = this.timer.expired(now);
    if (expired !== undefined) return this.close(expiryError(expired, this.config.keepaliveTimeoutMs));
    if (this.timer.shouldPing(now)) this.pings.keepalive(now);
    this.timer.arm(now);
  }
}

const PREFACE = encodePreface();
const defaultClock = (): number => performance.now();
