import type { WireConfig } from "./config.ts";
import { Flag, FrameType, MESSAGE_CREDIT } from "./constants.ts";
import { decodeRstStream } from "./control-payloads.ts";
import { ErrorCode } from "./error-code.ts";
import { ARRIVED_ALONE } from "./framing-state.ts";
import type { Frame } from "./frame.ts";
import type { DecodedFrame } from "./frame-decoder.ts";
import { takeHeaderBlock } from "./header-blocks.ts";
import { headersBlockLength, LENGTH_PREFIX, messagesIn } from "./message-layout.ts";
import type { SessionCounters } from "./session-counters.ts";
import { type StreamHost, WireStream } from "./stream.ts";
import type { StreamTable } from "./stream-table.ts";
import { TokenBucket } from "./token-bucket.ts";
import { WireError } from "./wire-error.ts";

/** What the receive side asks of its session, beyond being the streams' host. */
export interface RecvPort extends StreamHost {
  /** Whether peer streams are taken: we sent no GOAWAY, are not closed, and have an owner for them. */
  readonly acceptingStreams: boolean;
  /** When the chunk being read arrived: the clock of the reset and empty-frame budgets. */
  readonly receivedAt: number;
  /** Flow-controlled bytes arrived on the connection (connection window, BDP, WINDOW_UPDATE). */
  chargeConnection(bytes: number): void;
  /** Refuses a peer stream with RST_STREAM `code`. */
  refuse(id: number, code: ErrorCode): void;
  /** Hands a new peer stream to its owner (may throw: the stream is then reset). */
  deliverStream(stream: WireStream): void;
  /** The session's running totals: resets received and stream errors are noted there. */
  readonly counters: SessionCounters;
}

/**
 * Incoming stream frames (DATA, HEADERS, RST_STREAM, a stream's WINDOW_UPDATE), routed to their
 * streams, after hyperium/h2's `Recv`: opening peer streams within our limits, telling stream
 * errors (the stream is reset, the connection lives) from connection errors (thrown), frames for
 * streams that are gone, and two budgets (PROTOCOL.md §11):
 *
 * - **Premature resets**, both directions: streams thrown away before their work began (reset by
 *   the peer before the owner started on them or in the read that opened them), refused over our
 *   concurrency limit, or reset by us for the peer's stream errors. Past the budget: GOAWAY
 *   ENHANCE_YOUR_CALM (rapid reset CVE-2023-44487, MadeYouReset CVE-2025-8671). A cancel of work
 *   under way is ordinary and not counted — a client may cancel half its calls.
 * - **Empty DATA frames** (no bytes, no END_MESSAGE, no END_STREAM: they do nothing and cost no
 *   credit, CVE-2019-9518). Past the budget: GOAWAY PROTOCOL_ERROR.
 */
export class Recv {
  /** Created with the first premature reset (a full bucket then equals one refilled since start). */
  private resetBucket: TokenBucket | undefined;
  private emptyBucket: TokenBucket | undefined;
  /** Peer streams from this ID on were opened in the current read: their owners have not had a turn of the event loop yet. */
  private turnFirstId: number;

  constructor(
    private readonly port: RecvPort,
    private readonly table: StreamTable,
    private readonly config: WireConfig,
  ) {
    this.turnFirstId = table.lastPeerId + 1;
  }

  /** A new read begins: the event loop ran since the last, so streams opened before have had their turn. */
  newTurn(): void {
    this.turnFirstId = this.table.lastPeerId + 1;
  }

  /** DATA, read as a range of its source (no view per frame: queued messages keep none of their own). */
  onData(frame: DecodedFrame): void {
    requireStreamId(frame);
    const { flags, source, start, length } = frame;
    // Before the stream sees it: the connection is charged what the sender spent, whatever becomes of the stream.
    this.port.chargeConnection(length + MESSAGE_CREDIT * messagesIn(flags, source, start, start + length));
    if (length === 0 && (flags & (Flag.EndStream | Flag.EndMessage)) === 0) this.chargeEmpty();
    const stream = this.table.streams.get(frame.streamId);
    if (stream === undefined) return this.unknownStream(frame);
    try {
      stream.receiveData(flags, source, start, start + length);
    } catch (error) {
      this.streamError(stream, error);
    }
  }

  /** `lastOfRead`: nothing more is waiting in the read that carried this frame (a stream it opens may have arrived alone). */
  onHeaders(frame: DecodedFrame, lastOfRead = false): void {
    requireStreamId(frame);
    const flags = frame.flags;
    let block: Uint8Array;
    // The message, if any, is source[start, end): handed on as a range, never as a view of its own.
    let source: Uint8Array | undefined;
    let start = 0;
    let end = 0;
    let trailers: Uint8Array | undefined;
    if ((flags & Flag.WithMessage) !== 0) {
      // Block, trailers and message are cut straight from the source: no view of the whole payload first.
      source = frame.source;
      const length = headersBlockLength(source, frame.start, frame.length);
      const blockStart = frame.start + LENGTH_PREFIX;
      start = blockStart + length;
      end = frame.start + frame.length;
      block = takeHeaderBlock(source, blockStart, start);
      if ((flags & Flag.WithTrailers) !== 0) {
        if ((flags & Flag.EndStream) === 0 || this.table.isPeerId(frame.streamId)) throw new WireError(ErrorCode.ProtocolError, "WITH_TRAILERS without END_STREAM, or on a stream its sender opened");
        const trailersStart = start + LENGTH_PREFIX;
        const trailersEnd = trailersStart + headersBlockLength(source, start, end - start, "trailers");
        trailers = takeHeaderBlock(source, trailersStart, trailersEnd);
        start = trailersEnd;
      }
      this.port.chargeConnection(end - start + MESSAGE_CREDIT);
    } else {
      block = takeHeaderBlock(frame.source, frame.start, frame.start + frame.length);
    }
    const endStream = (flags & Flag.EndStream) !== 0;
    // COMPRESSED describes the message: without one it means nothing and is ignored.
    const compressed = source !== undefined && (flags & Flag.Compressed) !== 0;
    const stream = this.table.streams.get(frame.streamId);
    if (stream !== undefined) {
      try {
        stream.receiveHeaders(block, source, start, end, endStream && trailers === undefined, compressed);
        // A whole response (WITH_TRAILERS): its trailers follow, unless the owner ended the stream on the message.
        if (trailers !== undefined && !stream.isClosed) stream.receiveHeaders(trailers, undefined, 0, 0, true, false);
      } catch (error) {
        this.streamError(stream, error);
      }
      return;
    }
    if (this.table.isPeerId(frame.streamId) && frame.streamId > this.table.lastPeerId) return this.acceptStream(frame.streamId, block, source, start, end, endStream, compressed, lastOfRead);
    this.unknownStream(frame);
  }

  onRstStream(frame: Frame): void {
    requireStreamId(frame);
    const code = decodeRstStream(frame.payload);
    this.port.counters.resetReceived(frame.streamId, code);
    const stream = this.table.streams.get(frame.streamId);
    // A reset of a stream that is gone does nothing (often a cancel crossing the response): not charged.
    if (stream === undefined) return this.unknownStream(frame);
    if (!stream.local && (!stream.workStarted || stream.id >= this.turnFirstId)) this.chargeReset("reset before their work began");
    stream.receiveReset(code);
  }

  /** WINDOW_UPDATE for a stream (the connection's is the scheduler's credit). */
  onStreamWindowUpdate(frame: Frame, increment: number): void {
    const stream = this.table.streams.get(frame.streamId);
    if (stream === undefined) return this.unknownStream(frame);
    try {
      stream.addSendCredit(increment);
    } catch (error) {
      this.streamError(stream, error);
    }
  }

  /** A stream error resets that stream; a connection error goes up to close the connection. */
  streamError(stream: WireStream, error: unknown): void {
    const wireError = WireError.from(error);
    if (wireError.scope === "connection") throw wireError;
    this.chargeReset("reset for the peer's stream errors");
    this.port.counters.streamError(stream.id, wireError);
    stream.abort(wireError);
  }

  private acceptStream(id: number, block: Uint8Array, source: Uint8Array | undefined, start: number, end: number, endStream: boolean, compressed: boolean, lastOfRead: boolean): void {
    this.table.lastPeerId = id;
    // Only our own GOAWAY stops us accepting: the peer's limits what *we* may open.
    if (!this.port.acceptingStreams) return this.port.refuse(id, ErrorCode.RefusedStream);
    if (this.table.peerActive >= this.config.maxConcurrentStreams) {
      this.chargeReset("refused over the concurrency limit");
      return this.port.refuse(id, ErrorCode.RefusedStream);
    }
    const stream = new WireStream(this.port, id, false);
    this.table.addPeer(stream);
    if (lastOfRead && this.table.streams.size === 1) stream.marks |= ARRIVED_ALONE;
    try {
      stream.acceptHeaders(block);
    } catch (error) {
      return this.streamError(stream, error);
    }
    try {
      this.port.deliverStream(stream);
    } catch (error) {
      return stream.abort(new WireError(ErrorCode.InternalError, "stream handler threw", { scope: "stream", cause: error })); // ours, not the peer's
    }
    // After the owner saw it: a listener attached there gets the message directly (no queue).
    if (stream.error !== undefined || (source === undefined && !endStream)) return;
    try {
      stream.receiveBody(block, source, start, end, endStream, compressed);
    } catch (error) {
      this.streamError(stream, error);
    }
  }

  /** One more premature reset (see the class comment); past the budget the connection ends with ENHANCE_YOUR_CALM. */
  private chargeReset(what: string): void {
    const now = this.port.receivedAt;
    this.resetBucket ??= new TokenBucket(this.config.resetBurst, this.config.resetsPerSecond, now);
    if (!this.resetBucket.take(now)) throw new WireError(ErrorCode.EnhanceYourCalm, `too many premature stream resets (reset flood): streams ${what}`);
  }

  /** One more DATA frame that carries nothing; past the budget the connection ends with PROTOCOL_ERROR. */
  private chargeEmpty(): void {
    const now = this.port.receivedAt;
    this.emptyBucket ??= new TokenBucket(this.config.emptyFrameBurst, this.config.emptyFramesPerSecond, now);
    if (!this.emptyBucket.take(now)) throw new WireError(ErrorCode.ProtocolError, "too many empty DATA frames (no bytes, no END_MESSAGE, no END_STREAM)");
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
}

/** Stream frames on stream 0 are a connection PROTOCOL_ERROR. */
function requireStreamId(frame: Frame): void {
  if (frame.streamId === 0) throw new WireError(ErrorCode.ProtocolError, `${FrameType[frame.type]} frame on stream 0`);
}
