import type { WireConfig } from "./config.ts";
import { ErrorCode } from "./error-code.ts";
import type { MessageEncoder } from "./message-encoder.ts";
import { LENGTH_PREFIX, readBatchLength } from "./message-layout.ts";
import { SendQueue } from "./send-queue.ts";
import type { Settings } from "./settings.ts";
import type { FramedStream } from "./stream-framer.ts";
import { canReceive, nextStreamState, remoteEnded, StreamEvent, StreamState, streamStateName } from "./stream-state.ts";
import { WireError } from "./wire-error.ts";
import { checkMessageSize } from "./message-assembler.ts";
import { RecvQueue } from "./recv-queue.ts";
import { Flag } from "./constants.ts";
import { Window } from "./window.ts";

/** What a stream needs from its session. Streams never touch the byte channel (house style 4). */
export interface StreamHost {
  readonly config: WireConfig;
  /** Current receive window per stream (starts at `initialStreamWindow`, grows with the measured BDP). */
  readonly streamWindow: number;
  /** The peer's current SETTINGS. */
  readonly peer: Settings;
  /** False while the session's write queue is over its high-water mark. */
  readonly writable: boolean;
  /** The stream has something to frame. */
  schedule(stream: WireStream): void;
  /** Queue WINDOW_UPDATE for the stream (batched by the stream). */
  sendWindowUpdate(stream: WireStream, increment: number): void;
  /** Queue RST_STREAM. */
  sendReset(stream: WireStream, code: ErrorCode): void;
  /** Wake this stream's senders when the session becomes writable again. */
  waitWritable(stream: WireStream): void;
  /** The stream reached `closed`. */
  streamClosed(stream: WireStream): void;
}

/** Options of a stream's first header block (open or respond). */
export interface HeadersOptions {
  /** A first message to carry in the same frame when it fits. */
  readonly message?: Uint8Array | undefined;
  /** Half-close after it (a unary request is headers + message + end in one frame). */
  readonly end?: boolean;
}

interface Waiter<T> {
  resolve(value: T): void;
  reject(error: WireError): void;
}

/**
 * Push-mode consumer of a stream (see {@link WireStream.listen}): events arrive as callbacks and
 * messages only as far as {@link WireStream.request} allowed, so a unary call costs no iterator
 * and no promise per message. `onEnd` ends the inbound direction; `onError` (at most once) ends
 * the stream, and may follow `onEnd` while this side is still sending.
 */
export interface StreamListener {
  /** The peer's first header block, if it arrives after `listen`; `endStream` marks trailers-only. */
  onHeaders(block: Uint8Array, endStream: boolean): void;
  /**
   * One message, `bytes[start, end)`, within the granted demand. A range rather than a view so a
   * BATCH frame's messages cost no array each; `bytes` may hold other messages and is read-only.
   */
  onMessage(bytes: Uint8Array, start: number, end: number): void;
  /** The peer ended the stream and every message was delivered; `trailers` if it ended with a header block. */
  onEnd(trailers: Uint8Array | undefined): void;
  /** The peer reset the stream, a stream error was detected, or the connection closed. */
  onError(error: WireError): void;
}

const RESOLVED: Promise<void> = Promise.resolve();
const DONE: IteratorResult<Uint8Array> = Object.freeze({ done: true, value: undefined });

/**
 * One stream: a duplex of messages with half-close and reset, plus the peer's header blocks.
 *
 * Sending: {@link send} resolves once the stream's unframed bytes fit in its send credit and the
 * session's write queue is under its high-water mark, so awaiting each send bounds what a fast
 * producer buffers to about one message plus one window.
 *
 * Receiving: iterate with `for await`. Credit is returned to the peer as messages are consumed
 * (batched at half the window), so a consumer that stops reading bounds what the peer sends.
 */
export class WireStream implements AsyncIterableIterator<Uint8Array>, FramedStream {
  /**
   * Stream ID; odd for streams the client opened, even for the server's. 0 while a locally opened
   * stream waits for the peer's concurrency limit (IDs are assigned in the order HEADERS go out).
   */
  id: number;
  /** Whether this endpoint opened the stream. */
  readonly local: boolean;
  /** Fired once when the stream reaches `closed`; `error` is set unless both sides ended cleanly. */
  onClose: ((error: WireError | undefined) => void) | undefined;

  /** @internal */ state: StreamState;
  /** @internal What this stream queued for the scheduler (it alone owns queued items, packs and byte counts) and the credit the peer granted us. */ readonly sendQueue: SendQueue;
  /** @internal */ inReadyQueue = false;
  /** @internal In the scheduler's list of streams to wake after this flush. */ wakeQueued = false;
  /** @internal Whether the stream's first header block has been queued (local) or received (remote). */ headersSent: boolean;

  private readonly host: StreamHost;
  private endQueued = false;
  private sendWaiters: Waiter<void>[] | undefined;
  /** Credit we granted the peer. */
  private readonly recvWindow: Window;
  /**
   * What arrived and the owner has not read yet (queued messages, reassembly), created the first
   * time something cannot go to the owner at once: a unary call's one message never needs it.
   */
  private queue: RecvQueue | undefined;
  /** Push mode: messages the owner allowed to be delivered and has not received yet. */
  private demand = 0;
  private headerBlock: Uint8Array | undefined;
  private trailerBlock: Uint8Array | undefined;
  private headersWaiter: Waiter<Uint8Array> | undefined;
  private readWaiter: Waiter<IteratorResult<Uint8Array>> | undefined;
  private failure: WireError | undefined;
  private listener: StreamListener | undefined;
  /** onEnd was delivered (the inbound direction is over; onError may still follow on a reset). */
  private endDelivered = false;

  /** @internal Streams are created by the session (`openStream`, or `onStream` for the peer's). */
  constructor(host: StreamHost, id: number, local: boolean, headers: Uint8Array | undefined) {
    this.host = host;
    this.id = id;
    this.local = local;
    this.state = local ? StreamState.Idle : StreamState.Open;
    this.sendQueue = new SendQueue(host.peer.initialStreamWindow);
    this.recvWindow = new Window(host.streamWindow, "stream");
    this.headerBlock = headers;
    this.headersSent = local;
  }

  /** The peer's first header block: request headers on accepted streams, response headers on opened ones. */
  headers(): Promise<Uint8Array> {
    if (this.headerBlock !== undefined) return Promise.resolve(this.headerBlock);
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (this.state === StreamState.Closed) return Promise.reject(this.closedError());
    return new Promise((resolve, reject) => (this.headersWaiter = { resolve, reject }));
  }

  /** The peer's first header block if it has arrived (request headers on accepted streams); empty once released. */
  get peerHeaders(): Uint8Array | undefined {
    return this.headerBlock;
  }

  /**
   * The owner has read the peer's first header block: drop the bytes (they are a view into the
   * socket read they arrived in, which a long-lived stream would otherwise keep alive).
   * `peerHeaders` and `headers()` give an empty block afterwards.
   */
  releaseHeaders(): void {
    if (this.headerBlock !== undefined) this.headerBlock = RELEASED;
  }

  /** The header block the peer ended the stream with, once it has ended (trailers). */
  get trailers(): Uint8Array | undefined {
    return this.trailerBlock;
  }

  /** Why the stream failed, if it did. */
  get error(): WireError | undefined {
    return this.failure;
  }

  /** Name of the current state, for logs and tests. */
  get stateName(): string {
    return streamStateName[this.state];
  }

  /**
   * True while a locally opened stream's first HEADERS frame has not been framed: the peer cannot
   * have seen it, so a connection that dies now provably never processed it (safe to retry).
   */
  get unsent(): boolean {
    return this.local && this.state === StreamState.Idle;
  }

  /** @internal Whether a `send` waits for credit or the write queue (the scheduler wakes it after framing). */
  get hasSendWaiters(): boolean {
    return this.sendWaiters !== undefined;
  }

  /** True when a send would resolve at once (credit and write queue both available). */
  get writable(): boolean {
    return this.sendQueue.queuedBytes <= this.sendQueue.available && this.host.writable;
  }

  /** @internal FramedStream: the credit the peer granted us (kept by the send queue). */
  get sendWindow(): Window {
    return this.sendQueue;
  }

  /** @internal FramedStream: the stream is over; the scheduler drops what it queued. */
  get isClosed(): boolean {
    return this.state === StreamState.Closed;
  }

  /**
   * @internal The session admitted this locally opened stream (it got its ID). A stream that
   * waited for the peer's concurrency limit may have missed SETTINGS changes of the initial window
   * (they only reach streams in the table) and our own window growth, so both windows start from
   * the current values here — the moment the peer starts counting, as in HTTP/2.
   */
  admitted(): void {
    this.sendQueue.available = this.host.peer.initialStreamWindow;
    this.recvWindow.available = this.host.streamWindow;
  }

  /** Sends this side's first header block on a stream the peer opened. */
  respond(block: Uint8Array, options: HeadersOptions = {}): void {
    if (this.headersSent) throw new WireError(ErrorCode.ProtocolError, "headers were already sent on this stream", { scope: "stream" });
    this.checkCanSend();
    this.queueHeaders(block, options);
  }

  /** @internal Queues the first header block (used by `respond` and the session's `openStream`). */
  queueHeaders(block: Uint8Array, options: HeadersOptions): void {
    this.checkHeaderBlock(block);
    const message = options.message;
    if (message !== undefined) this.checkMessage(message);
    this.headersSent = true;
    this.endQueued = options.end === true;
    this.sendQueue.pushHeaders(block, message, this.endQueued);
    this.host.schedule(this);
  }

  /** Queues a message. The promise resolves when the caller may send more (backpressure). */
  send(message: Uint8Array): Promise<void> {
    try {
      this.checkCanSend();
      if (!this.headersSent) throw new WireError(ErrorCode.ProtocolError, "respond() with headers before sending messages", { scope: "stream" });
      this.checkMessage(message);
    } catch (error) {
      return Promise.reject(error);
    }
    if (this.enqueue(message)) return RESOLVED;
    return new Promise((resolve, reject) => (this.sendWaiters ??= []).push({ resolve, reject }));
  }

  /**
   * Push-mode send: queues the message and returns `undefined` when the caller may send on, or a
   * promise that resolves when it may. Never rejects: failures end the stream and reach the
   * listener. A message over the peer's limit fails the stream with MESSAGE_TOO_LARGE.
   */
  write(message: Uint8Array): Promise<void> | undefined {
    if (this.failure !== undefined || this.endQueued || this.state === StreamState.Closed || !this.headersSent) return undefined;
    try {
      this.checkMessage(message);
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
    if (this.failure !== undefined || this.endQueued || this.state === StreamState.Closed || !this.headersSent) return undefined;
    const queue = this.sendQueue;
    // Too big to share a frame (or for the peer: `write` fails the stream), or a peer without
    // BATCH: the message goes on its own.
    const alone = this.host.peer.acceptBatch && !queue.sendsLarge ? queue.appendPacked(encoder, message, this.host.peer.maxMessageSize) : queue.encodeAlone(encoder, message);
    if (alone !== undefined) return this.write(alone);
    this.host.schedule(this);
    return this.isWritable() ? undefined : this.paced();
  }

  /** Queues a message for framing; true when the caller may send on at once. */
  private enqueue(message: Uint8Array): boolean {
    this.sendQueue.pushMessage(message);
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
    return new Promise((resolve) => (this.sendWaiters ??= []).push({ resolve, reject: () => resolve() }));
  }

  /** Half-closes this side, optionally with trailers. Idempotent once ended. */
  end(trailers?: Uint8Array): void {
    if (this.endQueued || this.state === StreamState.Closed) return;
    if (trailers !== undefined) this.checkHeaderBlock(trailers);
    this.endQueued = true;
    this.headersSent = true;
    this.sendQueue.pushEnd(trailers);
    this.host.schedule(this);
  }

  /**
   * Abandons the stream: RST_STREAM to the peer, pending reads and sends fail with `code`. The
   * owner asked for it, so a listener gets no further events.
   */
  reset(code: ErrorCode = ErrorCode.Cancel, reason = "stream reset locally"): void {
    if (this.state === StreamState.Closed) return;
    if (this.state !== StreamState.Idle) this.host.sendReset(this, code);
    this.fail(new WireError(code, reason, { scope: "stream", initiator: "local" }), false);
  }

  /** @internal A stream error this endpoint detected: reset the stream and tell its owner. */
  abort(error: WireError): void {
    if (this.state === StreamState.Closed) return;
    if (this.state !== StreamState.Idle) this.host.sendReset(this, error.code);
    this.fail(error, true);
  }

  /**
   * Switches to push mode: events go to `listener` instead of the async iterator (use one or the
   * other). Messages already received wait for {@link request}.
   */
  listen(listener: StreamListener): void {
    this.listener = listener;
    if (this.failure !== undefined) {
      listener.onError(this.failure);
      return;
    }
    this.request(0); // deliver what arrived (and was requested) before listening
  }

  /** Push mode: allows `n` more messages to be delivered (credit is returned as they are). */
  request(n: number): void {
    this.demand += n;
    const listener = this.listener;
    const queue = this.queue;
    if (listener === undefined || queue === undefined) return this.maybeEnd();
    while (this.demand > 0 && queue.size > 0 && this.failure === undefined) {
      this.demand--;
      const bytes = this.shift(queue);
      listener.onMessage(bytes, queue.shiftedStart, queue.shiftedEnd);
    }
    this.maybeEnd();
  }

  next(): Promise<IteratorResult<Uint8Array>> {
    const queue = this.queue;
    if (queue !== undefined && queue.size > 0) {
      const bytes = this.shift(queue);
      return Promise.resolve({ done: false, value: view(bytes, queue.shiftedStart, queue.shiftedEnd) });
    }
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (remoteEnded(this.state)) return Promise.resolve(DONE);
    if (this.readWaiter !== undefined) return Promise.reject(new Error("WireStream: concurrent next() calls are not supported"));
    return new Promise((resolve, reject) => (this.readWaiter = { resolve, reject }));
  }

  /** Leaving a `for await` early cancels the stream if the peer has not finished. */
  return(): Promise<IteratorResult<Uint8Array>> {
    if (!remoteEnded(this.state)) this.reset(ErrorCode.Cancel, "reader stopped reading");
    return Promise.resolve(DONE);
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<Uint8Array> {
    return this;
  }

  // ---- called by the session ----

  /** @internal A HEADERS frame for this stream (after the session split block and message). */
  receiveHeaders(block: Uint8Array, message: Uint8Array | undefined, endStream: boolean): void {
    this.checkReceiving();
    if (block.length > this.host.config.maxHeaderBlockSize) {
      throw new WireError(ErrorCode.HeadersTooLarge, `header block of ${block.length} bytes exceeds ${this.host.config.maxHeaderBlockSize}`, { scope: "stream" });
    }
    if (this.headerBlock === undefined) {
      this.headerBlock = block;
      const waiter = this.headersWaiter;
      this.headersWaiter = undefined;
      waiter?.resolve(block);
      this.listener?.onHeaders(block, endStream);
    } else if (endStream && message === undefined && !this.reassembling) {
      this.trailerBlock = block;
    } else {
      throw new WireError(ErrorCode.ProtocolError, "HEADERS after the first block must be trailers with END_STREAM", { scope: "stream" });
    }
    this.receiveBody(block, message, endStream);
  }

  /**
   * @internal The request head of a stream the peer opened, recorded before the owner sees the
   * stream (`onStream`), so that the frame's message can then go straight to the owner's listener
   * instead of through the queue.
   */
  acceptHeaders(block: Uint8Array): void {
    if (block.length > this.host.config.maxHeaderBlockSize) {
      throw new WireError(ErrorCode.HeadersTooLarge, `header block of ${block.length} bytes exceeds ${this.host.config.maxHeaderBlockSize}`, { scope: "stream" });
    }
    this.headerBlock = block;
  }

  /** @internal What a HEADERS frame carries after its block: a whole message and/or END_STREAM. */
  receiveBody(block: Uint8Array, message: Uint8Array | undefined, endStream: boolean): void {
    if (message !== undefined) {
      this.checkReceiving();
      this.chargeReceive(message.length);
      checkMessageSize(message.length, this.host.config.maxMessageSize);
      this.deliver(message, 0, message.length, message.length);
    }
    if (endStream) {
      this.checkReceiving();
      this.trailerBlock ??= block;
      this.receiveEnd();
    }
  }

  /** @internal A DATA frame for this stream. */
  receiveData(flags: number, payload: Uint8Array): void {
    this.checkReceiving();
    if (this.headerBlock === undefined) throw new WireError(ErrorCode.ProtocolError, "DATA before HEADERS", { scope: "stream" });
    this.chargeReceive(payload.length);
    if ((flags & Flag.Batch) !== 0) {
      this.receiveBatch(flags, payload);
    } else {
      this.receiveFragment(flags, payload);
    }
    if ((flags & Flag.EndStream) !== 0 && this.state !== StreamState.Closed) {
      if (this.reassembling) throw new WireError(ErrorCode.ProtocolError, "END_STREAM in the middle of a message", { scope: "stream" });
      this.receiveEnd();
    }
  }

  /** A BATCH DATA frame: whole messages, each a u32 length and its bytes, delivered in order. */
  private receiveBatch(flags: number, payload: Uint8Array): void {
    if ((flags & (Flag.MessageStart | Flag.EndMessage)) !== 0 || this.reassembling || payload.length === 0) {
      throw new WireError(ErrorCode.ProtocolError, "BATCH must carry whole messages, outside any fragmented message", { scope: "stream" });
    }
    const max = this.host.config.maxMessageSize;
    const size = payload.length;
    for (let pos = 0; pos < size; ) {
      const length = readBatchLength(payload, pos, size);
      checkMessageSize(length, max);
      const start = pos + LENGTH_PREFIX;
      this.deliver(payload, start, start + length, LENGTH_PREFIX + length);
      // The listener may have reset the stream while handling a message: the rest is dropped.
      if (this.state === StreamState.Closed) return;
      pos = start + length;
    }
  }

  /** A DATA frame with one whole message or one fragment of a longer one. */
  private receiveFragment(flags: number, payload: Uint8Array): void {
    const maxMessageSize = this.host.config.maxMessageSize;
    if ((flags & (Flag.MessageStart | Flag.EndMessage)) === Flag.EndMessage && !this.reassembling) {
      checkMessageSize(payload.length, maxMessageSize);
      return this.deliver(payload, 0, payload.length, payload.length);
    }
    const queue = (this.queue ??= new RecvQueue());
    const message = queue.fragment(flags, payload, maxMessageSize);
    if (message !== undefined) this.deliver(message, 0, message.length, queue.shiftedCost);
    else if (queue.size === 0) this.consumed(queue.releasePartial());
  }

  /** Whether a message spanning several frames is being reassembled. */
  private get reassembling(): boolean {
    return this.queue?.reassembling === true;
  }

  /** Messages received and not yet read. */
  private get queued(): number {
    return this.queue?.size ?? 0;
  }

  /** @internal The peer reset the stream. */
  receiveReset(code: ErrorCode): void {
    this.fail(new WireError(code, "stream reset by peer", { scope: "stream", initiator: "remote" }), true);
  }

  /** @internal Our receive window grew (BDP): the peer learns it from SETTINGS. */
  growReceiveWindow(delta: number): void {
    this.recvWindow.available += delta;
  }

  /** @internal WINDOW_UPDATE for this stream, or a SETTINGS change of the initial window (may be negative). */
  addSendCredit(delta: number): void {
    this.sendQueue.grant(delta);
    if (!this.sendQueue.isEmpty) this.host.schedule(this);
    this.wakeSenders();
  }

  /** @internal FramedStream: the first HEADERS frame was framed. */
  opened(): void {
    if (this.state === StreamState.Idle) this.transition(StreamEvent.Open);
  }

  /** @internal FramedStream: a frame carrying END_STREAM was framed. */
  endSent(): void {
    this.transition(StreamEvent.SendEnd);
  }

  /** @internal A frame carrying END_STREAM (or the first HEADERS) was framed. */
  transition(event: StreamEvent): void {
    const next = nextStreamState(this.state, event);
    if (next === undefined) throw new WireError(ErrorCode.InternalError, `illegal stream transition from ${this.stateName}`, { scope: "stream" });
    this.state = next;
    if (next === StreamState.Closed) this.closeClean();
  }

  /** @internal Framing progressed: release senders if credit and the write queue allow. */
  wakeSenders(): void {
    const waiters = this.sendWaiters;
    if (waiters === undefined || !this.writable) {
      if (waiters !== undefined && !this.host.writable) this.host.waitWritable(this);
      return;
    }
    this.sendWaiters = undefined;
    for (const w of waiters) w.resolve();
  }

  /**
   * @internal Ends the stream with an error (reset, connection loss). Drops unsent data. `notify`
   * is false when the owner itself reset the stream.
   */
  fail(error: WireError, notify = true): void {
    if (this.state === StreamState.Closed) return;
    this.state = StreamState.Closed;
    this.failure = error;
    this.sendQueue.clear();
    const senders = this.sendWaiters;
    this.sendWaiters = undefined;
    if (senders !== undefined) for (const w of senders) w.reject(error);
    const reader = this.readWaiter;
    this.readWaiter = undefined;
    reader?.reject(error);
    const headers = this.headersWaiter;
    this.headersWaiter = undefined;
    headers?.reject(error);
    // Delivered even after onEnd: for a server, the client's half-close is not the end of the call.
    if (notify) this.listener?.onError(error);
    this.host.streamClosed(this);
    this.onClose?.(error);
  }

  private maybeEnd(): void {
    const listener = this.listener;
    if (listener === undefined || this.endDelivered || this.failure !== undefined || !remoteEnded(this.state) || this.queued > 0) return;
    this.endDelivered = true;
    listener.onEnd(this.trailerBlock);
  }

  private closeClean(): void {
    this.host.streamClosed(this);
    const headers = this.headersWaiter;
    this.headersWaiter = undefined;
    headers?.reject(this.closedError());
    this.onClose?.(undefined);
  }

  private receiveEnd(): void {
    this.transition(StreamEvent.RecvEnd);
    this.maybeEnd();
    const reader = this.readWaiter;
    if (reader !== undefined && this.queued === 0) {
      this.readWaiter = undefined;
      reader.resolve(DONE);
    }
  }

  private deliver(bytes: Uint8Array, start: number, end: number, cost: number): void {
    const listener = this.listener;
    if (listener !== undefined) {
      if (this.demand > 0 && this.queued === 0) {
        this.demand--;
        this.consumed(cost);
        listener.onMessage(bytes, start, end);
        return;
      }
    } else if (this.readWaiter !== undefined) {
      const reader = this.readWaiter;
      this.readWaiter = undefined;
      this.consumed(cost);
      reader.resolve({ done: false, value: view(bytes, start, end) });
      return;
    }
    (this.queue ??= new RecvQueue()).push(bytes, start, end, cost);
  }

  /** Dequeues the oldest message (its range is the queue's `shifted*`) and returns its credit. */
  private shift(queue: RecvQueue): Uint8Array {
    const bytes = queue.shift();
    this.consumed(queue.shiftedCost);
    if (queue.size === 0) this.consumed(queue.releasePartial());
    return bytes;
  }

  /** The reader consumed `cost` bytes of credit: batched back to the peer at half the window, while it may still send. */
  private consumed(cost: number): void {
    if (cost === 0 || !canReceive(this.state)) return;
    const increment = this.recvWindow.release(cost, this.host.streamWindow / 2);
    if (increment > 0) this.host.sendWindowUpdate(this, increment);
  }

  private chargeReceive(bytes: number): void {
    this.recvWindow.consume(bytes);
  }

  private checkReceiving(): void {
    if (!canReceive(this.state)) throw new WireError(ErrorCode.StreamClosed, `frame on a stream that is ${this.stateName}`, { scope: "stream" });
  }

  private checkCanSend(): void {
    if (this.failure !== undefined) throw this.failure;
    if (this.endQueued || this.state === StreamState.Closed || this.state === StreamState.HalfClosedLocal) {
      throw new WireError(ErrorCode.StreamClosed, "cannot send after end()", { scope: "stream" });
    }
  }

  private checkMessage(message: Uint8Array): void {
    const limit = this.host.peer.maxMessageSize;
    if (message.length > limit) {
      throw new WireError(ErrorCode.MessageTooLarge, `message of ${message.length} bytes exceeds the peer's limit of ${limit}`, { scope: "stream" });
    }
  }

  private checkHeaderBlock(block: Uint8Array): void {
    const limit = Math.min(this.host.peer.maxHeaderBlockSize, this.host.peer.maxFramePayload);
    if (block.length > limit) {
      throw new WireError(ErrorCode.HeadersTooLarge, `header block of ${block.length} bytes exceeds the peer's limit of ${limit}`, { scope: "stream" });
    }
  }

  private closedError(): WireError {
    return new WireError(ErrorCode.StreamClosed, "stream closed before the peer sent headers", { scope: "stream" });
  }
}

/** What a released header block (see `releaseHeaders`) reads as. */
const RELEASED = new Uint8Array(0);

/** The message as its own array, for the iterator API (push mode gets ranges). */
function view(bytes: Uint8Array, start: number, end: number): Uint8Array {
  return start === 0 && end === bytes.length ? bytes : bytes.subarray(start, end);
}
