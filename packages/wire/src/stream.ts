import { compressMessage, packLimit, queueCompressed } from "./compressed-message.ts";
import { ErrorCode } from "./error-code.ts";
import type { MessageEncoder } from "./message-encoder.ts";
import type { FramedStream } from "./stream-framer.ts";
import { checkHeaderBlock, checkMessage } from "./stream-limits.ts";
import type { HeadersOptions, StreamListener } from "./stream-host.ts";
import { StreamInbound } from "./stream-inbound.ts";
import { DONE, view } from "./stream-reader.ts";
import { canQueue, endQueued, headersUnframed, isClosed, Local, localSide, remoteEnded, StreamEvent } from "./stream-state.ts";
import { WireError } from "./wire-error.ts";
import type { Credit } from "./window.ts";

export type { HeadersOptions, StreamHost, StreamListener } from "./stream-host.ts";

const RESOLVED: Promise<void> = Promise.resolve();
/** What a released header block (see `releaseHeaders`) reads as. */
const RELEASED = new Uint8Array(0);

/**
 * One stream: a duplex of messages with half-close and reset, plus the peer's header blocks. This
 * class is the owner's API and the sending side; receiving is its base, {@link StreamInbound}.
 *
 * Sending: {@link send} resolves once the stream's unframed bytes fit in its send credit and the
 * session's write queue is under its high-water mark, so awaiting each send bounds what a fast
 * producer buffers to about one message plus one window.
 *
 * Receiving: iterate with `for await`, or {@link listen} and {@link request} (push mode). Credit is
 * returned to the peer as messages are consumed (batched at half the window), so a consumer that
 * stops reading bounds what the peer sends.
 */
export class WireStream extends StreamInbound implements AsyncIterableIterator<Uint8Array>, FramedStream {
  /** @internal FramedStream: in the scheduler's ready queue / its list of streams to wake after this flush. */
  inReadyQueue = false;
  wakeQueued = false;
  /** The owner's hold on the concurrency slot: 0 never held, 1 held, 2 released. */
  private ownerHold: 0 | 1 | 2 = 0;
  /** @internal The owner began its work on this peer stream (see {@link started}). */
  workStarted = false;
  /** Algorithm that messages queued from now on are compressed with (`CompressionId`, 0 none; see `WireConfig.sendCompression`, its start). */
  compression = this.host.config.sendCompression;

  protected override get self(): WireStream { return this; }

  /** The peer's first header block: request headers on accepted streams, response headers on opened ones. */
  headers(): Promise<Uint8Array> {
    if (this.headerBlock !== undefined) return Promise.resolve(this.headerBlock);
    if (this.cause !== undefined) return Promise.reject(this.cause);
    if (isClosed(this.state)) return Promise.reject(this.closedError());
    return new Promise((resolve, reject) => (this.waits.headers = { resolve, reject }));
  }

  /** The peer's first header block if it has arrived (request headers on accepted streams); empty once released. */
  get peerHeaders(): Uint8Array | undefined { return this.headerBlock; }

  /** The owner read the peer's first header block: drop the bytes (a view into the socket read, which a long-lived stream would pin); empty afterwards. */
  releaseHeaders(): void { if (this.headerBlock !== undefined) this.headerBlock = RELEASED; }

  /** The header block the peer ended the stream with, once it has ended (trailers). */
  get trailers(): Uint8Array | undefined { return this.trailerBlock; }

  /** Why the stream failed, if it did. */
  get error(): WireError | undefined { return this.cause; }

  /** True while our opened stream's first HEADERS is unframed: the peer cannot have seen it, so a dead connection never processed it (safe to retry). */
  get unsent(): boolean { return this.local && !isClosed(this.state) && headersUnframed(this.state); }

  /** True when a send would resolve at once (credit and write queue both available). */
  get writable(): boolean { return this.sendQueue.queuedBytes <= this.sendQueue.available && this.host.writable; }

  /** @internal FramedStream: whether a `send` waits for credit or the write queue (the scheduler wakes it after framing). */
  get hasSendWaiters(): boolean { return this.waiters?.send !== undefined; }

  /** @internal FramedStream: the credit the peer granted us (kept by the send queue). */
  get sendWindow(): Credit { return this.sendQueue; }

  /** @internal FramedStream: the stream is over; the scheduler drops what it queued. */
  get isClosed(): boolean { return isClosed(this.state); }

  /**
   * @internal The session admitted this opened stream (it got its ID): both windows start from the current values — the moment
   * the peer starts counting, as in HTTP/2 — since a stream that waited for a slot missed SETTINGS changes and our window growth.
   */
  admitted(): void {
    this.sendQueue.available = this.host.peer.initialStreamWindow;
    this.recvAvailable = this.host.streamWindow;
  }

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
    this.host.schedule(this);
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
    this.host.schedule(this);
    return this.isWritable() ? undefined : this.paced();
  }

  /** Half-closes this side, optionally with trailers (on a stream not yet answered: a trailers-only answer). Idempotent once ended. */
  end(trailers?: Uint8Array): void {
    if (endQueued(this.state)) return;
    if (trailers !== undefined) checkHeaderBlock(this.host.peer, trailers);
    this.transition(StreamEvent.QueueEnd);
    this.sendQueue.pushEnd(trailers);
    this.host.schedule(this);
  }

  /**
   * Abandons the stream: RST_STREAM to the peer, pending reads and sends fail with `code`. The
   * owner asked for it, so a listener gets no further events.
   */
  reset(code: ErrorCode = ErrorCode.Cancel, reason = "stream reset locally"): void {
    if (isClosed(this.state)) return;
    if (!this.unsent) this.host.sendReset(this, code);
    this.fail(new WireError(code, reason, { scope: "stream", initiator: "local" }), false);
  }

  /** @internal A stream error this endpoint detected: reset the stream and tell its owner. */
  abort(error: WireError): void {
    if (isClosed(this.state)) return;
    if (!this.unsent) this.host.sendReset(this, error.code);
    this.fail(error, true);
  }

  /** Switches to push mode: events go to `listener` instead of the iterator; messages already received wait for {@link request}. */
  listen(listener: StreamListener): void {
    this.listener = listener;
    if (this.cause !== undefined) return listener.onError(this.cause);
    this.request(0); // deliver what arrived (and was requested) before listening
  }

  /** Push mode: allows `n` more messages to be delivered (credit is returned as they are). */
  request(n: number): void {
    this.demand += n;
    const listener = this.listener;
    const queue = this.queue;
    if (listener === undefined || queue === undefined) return this.maybeEnd();
    while (this.demand > 0 && queue.size > 0 && this.cause === undefined) {
      this.demand--;
      const bytes = this.shift(queue);
      if (this.cause === undefined) listener.onMessage(bytes, queue.shiftedStart, queue.shiftedEnd);
    }
    this.maybeEnd();
  }

  next(): Promise<IteratorResult<Uint8Array>> {
    const queue = this.queue;
    if (queue !== undefined && queue.size > 0) {
      const bytes = this.shift(queue);
      return this.cause !== undefined ? Promise.reject(this.cause) : Promise.resolve({ done: false, value: view(bytes, queue.shiftedStart, queue.shiftedEnd) });
    }
    if (this.cause !== undefined) return Promise.reject(this.cause);
    if (remoteEnded(this.state)) return Promise.resolve(DONE);
    if (this.waiters?.read !== undefined) return Promise.reject(new Error("WireStream: concurrent next() calls are not supported"));
    return new Promise((resolve, reject) => (this.waits.read = { resolve, reject }));
  }

  /** Leaving a `for await` early cancels the stream if the peer has not finished. */
  return(): Promise<IteratorResult<Uint8Array>> {
    if (!remoteEnded(this.state)) this.reset(ErrorCode.Cancel, "reader stopped reading");
    return Promise.resolve(DONE);
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<Uint8Array> { return this; }

  /**
   * Keeps this peer-opened stream counted against our concurrency limit until {@link releaseSlot}, even once closed: a server holds it
   * for its handler's lifetime, so resets cannot run more handlers at once than the limit (CVE-2023-44487, CVE-2025-8671).
   */
  holdSlot(): void {
    if (!this.local && this.ownerHold === 0) {
      this.ownerHold = 1;
      this.slotHolders++;
    }
  }

  /** Lets go of the slot {@link holdSlot} kept (the handler returned, or none will run). */
  releaseSlot(): void {
    if (this.ownerHold !== 1) return;
    this.ownerHold = 2;
    this.host.releaseSlot(this);
  }

  /**
   * The owner began its work on this peer stream (a server: the handler started). A reset from now on cancels work under way, an
   * ordinary cancel; one before it threw the stream away unstarted, which the premature-reset budget counts (PROTOCOL.md §11).
   */
  started(): void { this.workStarted = true; }

  /** @internal WINDOW_UPDATE for this stream, or a SETTINGS change of the initial window (may be negative). */
  addSendCredit(delta: number): void {
    this.sendQueue.grant(delta);
    if (!this.sendQueue.isEmpty) this.host.schedule(this);
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
      if (waiters !== undefined && !this.host.writable) this.host.waitWritable(this);
      return;
    }
    this.waits.send = undefined;
    for (const w of waiters) w.resolve();
  }

  /** Queues a message for framing; true when the caller may send on at once. */
  private enqueue(message: Uint8Array): boolean {
    if (this.compression === 0 || !queueCompressed(this.host, this.sendQueue, this.compression, message)) this.sendQueue.pushMessage(message);
    this.host.schedule(this);
    return this.isWritable();
  }

  /** True when the caller may send on at once; otherwise asks the session to wake us when it can. */
  private isWritable(): boolean {
    if (this.writable) return true;
    if (!this.host.writable) this.host.waitWritable(this);
    return false;
  }

  /** What a paced push-mode send returns: settles when the stream may take more (or ended). */
  private paced(): Promise<void> {
    return new Promise((resolve) => (this.waits.send ??= []).push({ resolve, reject: () => resolve() }));
  }
}
