import type { ByteChannel } from "./byte-channel.ts";
import type { WireConfig } from "./config.ts";
import { Flag, FrameType } from "./constants.ts";
import { checkPing, decodeGoAway, decodeWindowUpdate, type GoAway } from "./control-payloads.ts";
import { ErrorCode } from "./error-code.ts";
import { nextTurn } from "./next-turn.ts";
import type { Frame } from "./frame.ts";
import { type DecodedFrame, FrameDecoder } from "./frame-decoder.ts";
import type { PingPong } from "./ping-pong.ts";
import { PrefaceReader } from "./preface.ts";
import { ReadGate } from "./read-gate.ts";
import { Recv } from "./recv.ts";
import type { SessionStreams } from "./session-streams.ts";
import type { SessionTimer } from "./session-timer.ts";
import { decodeFirstSettings, decodeSettings, initialPeerSettings, type Settings } from "./settings.ts";
import { TokenBucket } from "./token-bucket.ts";
import { loopShared, TURN_TIME_MS } from "./turn-contention.ts";
import { WireError } from "./wire-error.ts";
import type { WriteScheduler } from "./write-scheduler.ts";

/** What the router asks of its session. */
export interface RouterPort {
  readonly isClosed: boolean;
  /** The peer's SETTINGS; the router replaces them when a SETTINGS frame arrives. */
  peer: Settings;
  /** When the bytes being read arrived (a turn continuing a large read sets it anew). */
  receivedAt: number;
  /** The session's pings (created on first use). */
  readonly pings: PingPong;
  /** The peer sent GOAWAY. */
  peerGoingAway(goAway: GoAway): void;
  /** A connection error found while reading a held-back chunk. */
  close(error: WireError): void;
}

const EMPTY = new Uint8Array(0);

/**
 * The work one turn of the event loop does for one connection before the others get theirs: frame
 * bytes, each frame counting {@link FRAME_WORK} more (a frame costs work whatever its size), a
 * HEADERS frame {@link HEADERS_WORK} more again (about 200 small calls per turn). Past
 * it, while other connections use the loop too (turn-contention.ts), the rest of the read waits
 * for the next turn (the socket paused if more arrives) — a peer sending large
 * header blocks or messages as fast as it can no longer delays other connections by whole reads
 * of hundreds of KiB. Bytes.
 */
const TURN_BUDGET = 128 * 1024;
const FRAME_WORK = 128;
/** What a HEADERS frame counts beyond that: it starts or ends a call (header decoding, a handler). */
const HEADERS_WORK = 512;
/**
 * The budget in time is {@link TURN_TIME_MS}: what a frame costs depends on what it starts (a
 * header block of 500 small metadata entries takes ~100× the time of as many DATA bytes), so bytes
 * alone let one read of valid calls hold the loop for several ms. The clock is read after every
 * HEADERS frame (each starts or ends a call, microseconds of work) and every {@link CLOCK_EVERY} frames.
 */
const CLOCK_EVERY = 32;

/**
 * The read side of a connection: the peer's preface, then frames, each routed to the one
 * collaborator it concerns (after hyperium/h2's `Connection::recv_frame`) — stream frames to
 * {@link Recv}, PING to {@link PingPong}, SETTINGS and the connection's WINDOW_UPDATE applied to
 * the writers, GOAWAY to the session. Stops reading while the peer leaves our control frames
 * unread (the read pause) and resumes once they drain; and once a turn's work budget is spent,
 * continues in the next turn ({@link TURN_BUDGET}).
 */
export class FrameRouter {
  /** Dropped once the preface is read: an idle connection keeps nothing of its handshake. */
  private preface: PrefaceReader | undefined = new PrefaceReader();
  private readonly decoder: FrameDecoder;
  /** The read pause, created the first time the peer makes us stop reading. */
  private gate: ReadGate | undefined;
  /** Created with the first stream frame (an idle connection never has one). */
  private streamFrames: Recv | undefined;
  /** The SETTINGS rate limit, created with the peer's second SETTINGS (its first is the handshake). */
  private settingsBucket: TokenBucket | undefined;
  /** The channel closed: no more turns to wait for (see {@link finishInput}). */
  private unbounded = false;

  constructor(
    private readonly port: RouterPort,
    private readonly config: WireConfig,
    /** The channel, to stop and restart its deliveries (the read pause). */
    private readonly channel: Pick<ByteChannel, "pause" | "resume">,
    private readonly streams: SessionStreams,
    private readonly scheduler: WriteScheduler,
    private readonly timer: SessionTimer,
    private readonly now: () => number,
  ) {
    this.decoder = new FrameDecoder(config.maxFramePayload);
  }

  /** Bytes arrived; throws a connection error (the session closes with it). */
  receive(chunk: Uint8Array): void {
    const gate = this.gate;
    if (gate?.stopped === true) {
      // A turn's continuation is due: what else arrives meanwhile waits, and the channel stops (one chunk at most).
      if (!gate.channelPaused) this.pauseChannel(gate);
      return gate.hold(chunk);
    }
    const preface = this.preface;
    if (preface !== undefined) {
      const rest = preface.read(chunk);
      if (rest === undefined) return;
      this.preface = undefined;
      chunk = rest;
    }
    this.decoder.push(chunk);
    this.pump();
  }

  private get recv(): Recv {
    return (this.streamFrames ??= new Recv(this.streams, this.streams.table, this.config));
  }

  /** Whether we stopped reading because the peer does not read our control frames. */
  get paused(): boolean {
    return this.gate?.paused === true;
  }

  /** A flush made room in the control queue: read again if we had stopped (unless a turn's continuation will). */
  controlQueueDrained(): void {
    const gate = this.gate;
    if (gate?.paused !== true || this.scheduler.queuedControlFrames >= this.config.maxQueuedControlFrames / 2) return;
    gate.paused = false;
    if (!gate.yielded) this.resumeReading(gate);
  }

  /** The channel closed: everything received and not yet handled (held by a pause or a spent turn) is handled now. */
  finishInput(): void {
    const gate = this.gate;
    if (gate === undefined || !gate.stopped) return;
    gate.paused = gate.yielded = false;
    this.unbounded = true;
    this.resumeReading(gate);
  }

  /** Decodes and dispatches frames until the read is used up, the budget of this turn is spent, or we stop reading. */
  private pump(): void {
    this.streamFrames?.newTurn();
    const bounded = !this.unbounded;
    let budget = TURN_BUDGET;
    let turnStart = this.port.receivedAt; // read by whoever called: no second clock reading per read
    // The clock is read per frame only while others wait for the loop (no other session can read
    // during this pump, so what holds at its start holds throughout).
    let timed = bounded && loopShared(turnStart);
    let frames = 0;
    let frame: DecodedFrame | undefined;
    while (this.gate?.paused !== true && !this.port.isClosed && (frame = this.decoder.next()) !== undefined) {
      this.dispatch(frame);
      if (this.scheduler.queuedControlFrames >= this.config.maxQueuedControlFrames) {
        const gate = (this.gate ??= new ReadGate());
        gate.paused = true;
        this.pauseChannel(gate);
        this.scheduler.schedule();
      } else if (bounded && this.decoder.hasUnread && !this.port.isClosed) {
        const headers = frame.type === FrameType.Headers;
        budget -= frame.length + (headers ? FRAME_WORK + HEADERS_WORK : FRAME_WORK);
        const clockDue = timed && (headers || ++frames % CLOCK_EVERY === 0);
        if (budget > 0 && !(clockDue && this.now() - turnStart >= TURN_TIME_MS)) continue;
        const now = this.now();
        if (loopShared(now)) return this.yieldTurn();
        budget = TURN_BUDGET; // alone on the loop: nobody to yield to
        turnStart = now;
        timed = false;
      }
    }
  }

  /**
   * The turn's budget is spent: go on in the next turn, after other connections' reads and this
   * turn's flushes. The channel is paused only if more arrives meanwhile (most yields cost no
   * system call).
   */
  private yieldTurn(): void {
    (this.gate ??= new ReadGate()).yielded = true;
    nextTurn(FrameRouter.nextTurn, this);
  }

  private pauseChannel(gate: ReadGate): void {
    gate.channelPaused = true;
    this.channel.pause?.();
  }

  /** One function for every session's continuation: no closure per yield. */
  private static readonly nextTurn = (router: FrameRouter): void => {
    const gate = router.gate!;
    if (!gate.yielded) return; // finished when the channel closed
    gate.yielded = false;
    if (!gate.paused && !router.port.isClosed) router.resumeReading(gate);
  };

  /** Reads again: what the decoder still holds, then the chunks held meanwhile, in order. */
  private resumeReading(gate: ReadGate): void {
    const held = gate.open();
    if (gate.channelPaused) {
      gate.channelPaused = false;
      this.channel.resume?.();
    }
    try {
      this.port.receivedAt = this.now();
      this.pump();
      for (const chunk of held) this.receive(chunk);
    } catch (error) {
      this.port.close(WireError.from(error));
    }
  }

  private dispatch(frame: DecodedFrame): void {
    if (this.port.peer === initialPeerSettings && (frame.type !== FrameType.Settings || (frame.flags & Flag.Ack) !== 0)) {
      throw new WireError(ErrorCode.ProtocolError, "the first frame after the preface must be SETTINGS");
    }
    switch (frame.type) {
      case FrameType.Data:
        return this.recv.onData(frame);
      case FrameType.Headers:
        return this.recv.onHeaders(frame, !this.decoder.hasUnread);
      case FrameType.RstStream:
        return this.recv.onRstStream(frame);
      case FrameType.Settings:
        return this.onSettings(frame);
      case FrameType.Ping:
        return this.onPing(frame);
      case FrameType.GoAway:
        requireConnectionFrame(frame, "GOAWAY");
        return this.port.peerGoingAway(decodeGoAway(frame.payload));
      case FrameType.WindowUpdate:
        return this.onWindowUpdate(frame);
      default:
        throw new WireError(ErrorCode.ProtocolError, `unknown frame type 0x${(frame.type as number).toString(16)}`);
    }
  }

  private onSettings(frame: Frame): void {
    requireConnectionFrame(frame, "SETTINGS");
    const { streams, scheduler } = this;
    if ((frame.flags & Flag.Ack) !== 0) {
      if (frame.payload.length !== 0) throw new WireError(ErrorCode.FrameSizeError, "SETTINGS ACK with a payload");
      this.timer.settingsAcked(this.now()); // the timer keeps the round trip (PingPong reads the least)
      return;
    }
    const previous = this.port.peer;
    if (previous !== initialPeerSettings) {
      // Each SETTINGS forces an ACK: a flood of them is work we refuse (CVE-2019-9515), like a ping flood.
      const now = this.now();
      this.settingsBucket ??= new TokenBucket(this.config.settingsBurst, this.config.settingsPerSecond, now);
      if (!this.settingsBucket.take(now)) throw new WireError(ErrorCode.EnhanceYourCalm, "too many SETTINGS frames (settings flood)");
    }
    const peer = previous === initialPeerSettings ? decodeFirstSettings(frame.payload) : decodeSettings(frame.payload, previous);
    this.port.peer = peer;
    scheduler.maxFramePayload = peer.maxFramePayload;
    scheduler.batch = peer.acceptBatch;
    scheduler.withTrailers = peer.acceptWithTrailers;
    scheduler.peerStreamWindow = peer.initialStreamWindow;
    const delta = peer.initialStreamWindow - previous.initialStreamWindow;
    if (delta !== 0) streams.peerWindowChanged(delta, (stream, error) => this.recv.streamError(stream, error));
    scheduler.pushControl(FrameType.Settings, Flag.Ack, 0, EMPTY);
    streams.admitPending();
    scheduler.schedule();
  }

  private onPing(frame: Frame): void {
    requireConnectionFrame(frame, "PING");
    checkPing(frame.payload);
    this.port.pings.received(frame.payload, (frame.flags & Flag.Ack) !== 0, this.now());
  }

  private onWindowUpdate(frame: Frame): void {
    const increment = decodeWindowUpdate(frame.payload);
    if (frame.streamId !== 0) return this.recv.onStreamWindowUpdate(frame, increment);
    this.scheduler.connection.grant(increment);
    this.scheduler.schedule();
  }
}

/** SETTINGS, PING and GOAWAY belong to the connection: on a stream they are a PROTOCOL_ERROR. */
function requireConnectionFrame(frame: Frame, name: string): void {
  if (frame.streamId !== 0) throw new WireError(ErrorCode.ProtocolError, `${name} on a stream`);
}
