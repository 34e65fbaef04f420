import { compressMessage, packLimit, queueCompressed } from "./compressed-message.ts";
import { ErrorCode } from "./error-code.ts";
import type { MessageEncoder } from "./message-encoder.ts";
import { checkHeaderBlock, checkMessage } from "./stream-limits.ts";
import type { HeadersOptions } from "./stream-host.ts";
import { StreamInbound } from "./stream-inbound.ts";
import { canQueue, endQueued, isClosed, Local, localSide, StreamEvent } from "./stream-state.ts";
import { WireError } from "./wire-error.ts";
import type { Credit } from "./window.ts";

const RESOLVED: Promise<void> = Promise.resolve();

/** `marks`: the owner began its work (the other bits are in framing-state.ts). */
const WORK_STARTED = 4;

/**
 * A stream's sending side, between its receiving side ({@link StreamInbound}, the base) and the
 * owner's API (`WireStream`): the first header block, messages and the end queued for the
 * scheduler within the stream's credit, and the senders waiting for it. Its yes/no marks (the
 * scheduler's two, and whether the owner began its work) share one number: every call has a
 * stream on each side, and a field more than 30 puts it in a 320-byte heap cell instead of 256
 * (stream-footprint.test.ts).
 */
export abstract class StreamOutbound extends StreamInbound {
  /** @internal A stream error this endpoint detected: reset the stream and tell its owner (`WireStream.abort`). */
  abstract abort(error: WireError): void;

  /** @internal FramedStream: the scheduler's bits (framing-state.ts) and {@link WORK_STARTED}, in one number. */
  marks = 0;

  /** @internal The owner began its work on this peer stream (see `WireStream.started`). */
  get workStarted(): boolean { return (this.marks & WORK_STARTED) !== 0; }
  protected markStarted(): void { this.marks |= WORK_STARTED; }

  /** Algorithm that messages queued from now on are compressed with (`CompressionId`, 0 none; see `WireConfig.sendCompression`, its start). */
  compression = this.host.config.sendCompression;

  /** True when a send would resolve at once (credit and write queue both available). */
  get writable(): boolean { return this.sendQueue.queuedBytes <= this.sendQueue.available && this.host.writable; }

  /** @internal FramedStream: whether a `send` waits for credit or the write queue (the scheduler wakes it after framing). */
  get hasSendWaiters(): boolean { return this.waiters?.send !== undefined; }

  /** @internal FramedStream: the credit the peer granted us (kept by the send queue). */
  get sendWindow(): Credit { return this.sendQueue; }

  /** Sends this side's first header block on a stream the peer opened. */
  respond(block: Uint8Array, options: HeadersOptions = {}): void {
    if (this.cause !== undefined) throw this.cause;
    if (localSide(this.state) !== Local.Idle || isClosed(this.state)) throw new WireError(ErrorCode.ProtocolError, "headers were already sent on this stream", { scope: "stream" });
    this.queueHeaders(block, options);
  }

  /** @internal Queues the first header block (used by `respond` and the session's `openStream`). */
  queueHeaders(block: Uint8Array, options: HeadersOptions): void {
    const { peer } = this.host;
    let message = options.message;
    const trailers = options.trailers;
    checkHeaderBlock(peer, block);
    if (message !== undefined) checkMessage(peer, message);
    if (trailers !== undefined) checkHeaderBlock(peer, trailers); // every check before any change: a refused response can still go the long way
    const end = options.end === true && trailers === undefined;
    this.transition(StreamEvent.QueueHeaders);
    if (end || trailers !== undefined) this.transition(StreamEvent.QueueEnd);
    if (options.compression !== undefined) this.compression = options.compression;
    const compressed = message !== undefined && this.compression !== 0 ? compressMessage(this.host, this.compression, message) : undefined;
    if (compressed !== undefined) message = compressed;
    this.sendQueue.pushHeaders(block, message, end, compressed !== undefined);
    if (trailers !== undefined) this.sendQueue.pushEnd(trailers);
    this.host.schedule(this.self);
  }

  /** Queues a message; resolves when the caller may send more (backpressure). */
  send(message: Uint8Array): Promise<void> {
    try {
      if (this.cause !== undefined) throw this.cause;
      if (endQueued(this.state)) throw new WireError(ErrorCode.StreamClosed, "cannot send after end()", { scope: "stream" });
      if (localSide(this.state) === Local.Idle) throw new WireError(ErrorCode.ProtocolError, "respond() with headers before sending messages", { scope: "stream" });
      checkMessage(this.host.peer, message);
    } catch (error) {
      return Promise.reject(error);
    }
    if (this.enqueue(message)) return RESOLVED;
    return new Promise((resolve, reject) => (this.waits.send ??= []).push({ resolve, reject }));
  }

  /**
   * Push-mode send: queues the message and returns `undefined` when the caller may send on, or a
   * promise that resolves when it may. Never rejects: failures end the stream and reach the
   * listener. A message over the peer's limit fails the stream with MESSAGE_TOO_LARGE.
   */
  write(message: Uint8Array): Promise<void> | undefined {
    if (!canQueue(this.state)) return undefined;
    try {
      checkMessage(this.host.peer, message);
    } catch (error) {
      this.abort(error as WireError);
      return undefined;
    }
    return this.enqueue(message) ? undefined : this.paced();
  }

  /**
   * {@link write} of the message `encoder` appends to this stream's outbound buffer: small
   * messages then share one buffer, and BATCH frames, instead of costing an array each. Throws
   * what the encoder throws, having queued nothing.
   */
  writeWith<T>(encoder: MessageEncoder<T>, message: T): Promise<void> | undefined {
    if (!canQueue(this.state)) return undefined;
    const queue = this.sendQueue;
    // Too big to share a frame (or for the peer: `write` fails the stream), or a peer without
    // BATCH: the message goes on its own.
    const peer = this.host.peer;
    const limit = this.compression === 0 ? peer.maxMessageSize : packLimit(this.host, this.compression);
    const alone = peer.acceptBatch && !queue.sendsLarge ? queue.appendPacked(encoder, message, limit) : queue.encodeAlone(encoder, message);
    if (alone !== undefined) return this.write(alone);
    this.host.schedule(this.self);
    return this.isWritable() ? undefined : this.paced();
  }

  /** Half-closes this side, optionally with trailers (on a stream not yet answered: a trailers-only answer). Idempotent once ended. */
  end(trailers?: Uint8Array): void {
    if (endQueued(this.state)) return;
    if (trailers !== undefined) checkHeaderBlock(this.host.peer, trailers);
    this.transition(StreamEvent.QueueEnd);
    this.sendQueue.pushEnd(trailers);
    this.host.schedule(this.self);
  }

  /** @internal WINDOW_UPDATE for this stream, or a SETTINGS change of the initial window (may be negative). */
  addSendCredit(delta: number): void {
    this.sendQueue.grant(delta);
    if (!this.sendQueue.isEmpty) this.host.schedule(this.self);
    this.wakeSenders();
  }

  /** @internal FramedStream: the first HEADERS frame was framed. */
  opened(): void {
    this.transition(StreamEvent.HeadersFramed);
  }

  /** @internal FramedStream: a frame carrying END_STREAM was framed. */
  endSent(): void {
    this.transition(StreamEvent.EndFramed);
  }

  /** @internal FramedStream: framing progressed — release senders if credit and the write queue allow. */
  wakeSenders(): void {
    const waiters = this.waiters?.send;
    if (waiters === undefined || !this.writable) {
      if (waiters !== undefined && !this.host.writable) this.host.waitWritable(this.self);
      return;
    }
    this.waits.send = undefined;
    for (const w of waiters) w.resolve();
  }

  /** Queues a message for framing; true when the caller may send on at once. */
  private enqueue(message: Uint8Array): boolean {
    if (this.compression === 0 || !queueCompressed(this.host, this.sendQueue, this.compression, message)) this.sendQueue.pushMessage(message);
    this.host.schedule(this.self);
    return this.isWritable();
  }

  /** True when the caller may send on at once; otherwise asks the session to wake us when it can. */
  private isWritable(): boolean {
    if (this.writable) return true;
    if (!this.host.writable) this.host.waitWritable(this.self);
    return false;
  }

  /** What a paced push-mode send returns: settles when the stream may take more (or ended). */
  private paced(): Promise<void> {
    return new Promise((resolve) => (this.waits.send ??= []).push({ resolve, reject: () => resolve() }));
  }
}
