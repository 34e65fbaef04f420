import { Flag, MESSAGE_CREDIT } from "./constants.ts";
import { ErrorCode } from "./error-code.ts";
import { inflateMessage } from "./compressed-message.ts";
import { checkMessageSize } from "./message-assembler.ts";
import { LENGTH_PREFIX, readBatchLength } from "./message-layout.ts";
import { RecvQueue } from "./recv-queue.ts";
import { SendQueue } from "./send-queue.ts";
import { ReceiveCredit } from "./receive-credit.ts";
import type { StreamHost, StreamListener } from "./stream-host.ts";
import { canReceive, CLOSED, initialStreamState, isClosed, nextStreamState, Remote, remoteSide, StreamEvent, type StreamState, streamStateName } from "./stream-state.ts";
import type { WireStream } from "./stream.ts";
import { WireError } from "./wire-error.ts";
import { DONE, StreamWaiters, view } from "./stream-reader.ts";

/**
 * A stream's state and its receiving side, the base of {@link WireStream}: frames the peer sent
 * for this stream (headers, messages whole or fragmented or batched, the end, a reset), receive
 * credit returned as the owner reads, delivery to the owner (push mode within its demand, or the
 * iterator), and the stream's end — clean or failed — reported once. The sending side is its
 * subclass `StreamOutbound`, the owner's API {@link WireStream}.
 */
export abstract class StreamInbound extends ReceiveCredit {
  /** Stream ID: odd if the client opened it, even for the server's; 0 while ours waits for the peer's concurrency limit (IDs go in HEADERS order). */
  id: number;
  /** Whether this endpoint opened the stream. */
  readonly local: boolean;
  /** Fired once when the stream reaches `closed`; `error` is set unless both sides ended cleanly. */
  onClose: ((error: WireError | undefined) => void) | undefined;
  /** @internal Both sides' progress and the closed flag, changed only by {@link transition} and {@link fail} (stream-state.ts). */
  state: StreamState;
  /** @internal Holders of a peer stream's concurrency slot: the open stream itself, and its owner between `holdSlot` and `releaseSlot`. */
  slotHolders = 1;

  /** @internal The session's side of the stream (`stream-host.ts`). */
  readonly host: StreamHost;
  /** Why the stream closed, when it failed: the closed state's cause (undefined for a clean end). */
  protected cause: WireError | undefined;
  /** Pending sends, headers and reads (see {@link waits}). */
  protected waiters: StreamWaiters | undefined;
  protected headerBlock: Uint8Array | undefined;
  protected trailerBlock: Uint8Array | undefined;
  protected listener: StreamListener | undefined;
  /** Push mode: messages the owner allowed and has not received yet. */ protected demand = 0;
  /**
   * What arrived and the owner has not read yet (queued messages, reassembly), created the first
   * time something cannot go to the owner at once: a unary call's one message never needs it.
   */
  protected queue: RecvQueue | undefined;

  /** @internal Streams are created by the session (`openStream`, or `onStream` for the peer's). */
  constructor(host: StreamHost, id: number, local: boolean) {
    super(host.peer.initialStreamWindow, host.streamWindow);
    this.host = host;
    this.id = id;
    this.local = local;
    this.state = initialStreamState(local);
  }

  /** @internal What this stream queued for the scheduler, and the credit the peer granted us: the stream itself (its base class). */
  get sendQueue(): SendQueue { return this; }

  /** The pending promises, made on the first one waited for. */
  protected get waits(): StreamWaiters { return (this.waiters ??= new StreamWaiters()); }

  /** This stream as its host knows it. */
  protected abstract get self(): WireStream;

  /** HTTP/2's name of the current state, for logs and tests. */
  get stateName(): string { return streamStateName(this.state); }

  /**
   * @internal A HEADERS frame for this stream, after the session split it: the block, and the message if it carried one as
   * `source[start, end)` (no view made; `compressed`: the message is).
   */
  receiveHeaders(block: Uint8Array, source: Uint8Array | undefined, start: number, end: number, endStream: boolean, compressed: boolean): void {
    this.checkReceiving();
    this.checkHeaderSize(block);
    if (this.headerBlock === undefined) {
      this.transition(StreamEvent.HeadersReceived);
      this.headerBlock = block;
      this.waiters?.takeHeaders()?.resolve(block);
      this.listener?.onHeaders(block, endStream);
    } else if (endStream && source === undefined && !this.reassembling) {
      this.trailerBlock = block;
    } else {
      throw new WireError(ErrorCode.ProtocolError, "HEADERS after the first block must be trailers with END_STREAM", { scope: "stream" });
    }
    this.receiveBody(block, source, start, end, endStream, compressed);
  }

  /**
   * @internal The request head of a stream the peer opened, recorded before the owner sees the
   * stream (`onStream`), so that the frame's message can then go straight to the owner's listener
   * instead of through the queue.
   */
  acceptHeaders(block: Uint8Array): void {
    this.checkHeaderSize(block);
    this.headerBlock = block;
  }

  /** @internal What a HEADERS frame carries after its block: a whole message (`source[start, end)`, if `source` is given) and/or END_STREAM. */
  receiveBody(block: Uint8Array, source: Uint8Array | undefined, start: number, end: number, endStream: boolean, compressed: boolean): void {
    if (source !== undefined) {
      this.checkReceiving();
      const length = end - start;
      this.consumeCredit(length);
      checkMessageSize(length, this.host.config.maxMessageSize);
      this.deliver(source, start, end, length, compressed);
    }
    if (endStream) {
      this.checkReceiving();
      this.trailerBlock ??= block;
      this.receiveEnd();
    }
  }

  /** @internal A DATA frame for this stream: its payload is `source[start, end)`. */
  receiveData(flags: number, source: Uint8Array, start: number, end: number): void {
    this.checkReceiving();
    if (this.headerBlock === undefined) throw new WireError(ErrorCode.ProtocolError, "DATA before HEADERS", { scope: "stream" });
    this.consumeCredit(end - start);
    if ((flags & Flag.Batch) !== 0) this.receiveBatch(flags, source, start, end);
    else this.receiveFragment(flags, source, start, end);
    if ((flags & Flag.EndStream) !== 0 && !isClosed(this.state)) {
      if (this.reassembling) throw new WireError(ErrorCode.ProtocolError, "END_STREAM in the middle of a message", { scope: "stream" });
      this.receiveEnd();
    }
  }

  /** @internal The peer reset the stream. */
  receiveReset(code: ErrorCode): void { this.fail(new WireError(code, "stream reset by peer", { scope: "stream", initiator: "remote" }), true); }

  /** @internal Our receive window grew (BDP): the peer learns it from SETTINGS. */
  growReceiveWindow(delta: number): void { this.recvAvailable += delta; }

  /** @internal Applies `event` (stream-state.ts); an illegal one is an internal error of this endpoint. */
  transition(event: StreamEvent): void {
    const next = nextStreamState(this.state, event);
    if (next < 0) throw new WireError(ErrorCode.InternalError, `illegal stream transition from ${this.stateName}`, { scope: "stream" });
    const closing = !isClosed(this.state) && isClosed(next);
    this.state = next;
    if (closing) this.closeClean();
  }

  /**
   * @internal Ends the stream with an error (reset, connection loss). Drops unsent data. `notify`
   * is false when the owner itself reset the stream.
   */
  fail(error: WireError, notify = true): void {
    if (isClosed(this.state)) return;
    this.state |= CLOSED;
    this.cause = error;
    this.sendQueue.clear();
    if (this.queue !== undefined) this.host.giveUnread(this.queue.queuedCost);
    this.queue = undefined; // unread messages are dropped with the stream (an owner that holds it must not pin them)
    const waiters = this.waiters;
    this.waiters = undefined;
    if (waiters !== undefined) {
      if (waiters.send !== undefined) for (const w of waiters.send) w.reject(error);
      waiters.read?.reject(error);
      waiters.headers?.reject(error);
    }
    // Delivered even after onEnd: for a server, the client's half-close is not the end of the call.
    if (notify) this.listener?.onError(error);
    this.host.streamClosed(this.self);
    this.onClose?.(error);
  }

  /** Push mode: delivers the end once every message was, unless the stream failed. */
  protected maybeEnd(): void {
    const listener = this.listener;
    if (listener === undefined || this.cause !== undefined || remoteSide(this.state) !== Remote.Ended || this.queued > 0) return;
    this.transition(StreamEvent.EndDelivered);
    listener.onEnd(this.trailerBlock);
  }

  /** Dequeues the oldest message (its range is the queue's `shifted*`; inflated if compressed) and returns its credit. One that does not inflate fails the stream: callers check `cause`. */
  protected shift(queue: RecvQueue): Uint8Array {
    const bytes = queue.shift();
    this.host.giveUnread(queue.shiftedCost);
    this.consumed(queue.shiftedCost);
    if (queue.size === 0) this.consumed(queue.releasePartial());
    if (!queue.shiftedCompressed) return bytes;
    try {
      const inflated = inflateMessage(this.host, bytes, queue.shiftedStart, queue.shiftedEnd);
      queue.shiftedStart = 0;
      queue.shiftedEnd = inflated.length;
      return inflated;
    } catch (error) {
      this.self.abort(WireError.from(error));
      return bytes;
    }
  }

  /** Messages received and not yet read. */
  protected get queued(): number { return this.queue?.size ?? 0; }

  protected closedError(): WireError {
    return new WireError(ErrorCode.StreamClosed, "stream closed before the peer sent headers", { scope: "stream" });
  }

  /** A BATCH DATA frame: whole messages, each a u32 length and its bytes, delivered in order. */
  private receiveBatch(flags: number, source: Uint8Array, from: number, size: number): void {
    if ((flags & (Flag.MessageStart | Flag.EndMessage | Flag.Compressed)) !== 0 || this.reassembling || from === size) {
      throw new WireError(ErrorCode.ProtocolError, "BATCH must carry whole uncompressed messages, outside any fragmented message", { scope: "stream" });
    }
    const max = this.host.config.maxMessageSize;
    for (let pos = from; pos < size; ) {
      const length = readBatchLength(source, pos, size);
      checkMessageSize(length, max);
      const start = pos + LENGTH_PREFIX;
      this.deliver(source, start, start + length, LENGTH_PREFIX + length, false);
      // The listener may have reset the stream while handling a message: the rest is dropped.
      if (isClosed(this.state)) return;
      pos = start + length;
    }
  }

  /** A DATA frame with one whole message or one fragment of a longer one. */
  private receiveFragment(flags: number, source: Uint8Array, start: number, end: number): void {
    const maxMessageSize = this.host.config.maxMessageSize;
    if ((flags & (Flag.MessageStart | Flag.EndMessage)) === Flag.EndMessage && !this.reassembling) {
      checkMessageSize(end - start, maxMessageSize);
      return this.deliver(source, start, end, end - start, (flags & Flag.Compressed) !== 0);
    }
    const queue = (this.queue ??= new RecvQueue());
    const message = queue.fragment(flags, source.subarray(start, end), maxMessageSize);
    if (message !== undefined) this.deliver(message, 0, message.length, queue.shiftedCost, queue.fragmentCompressed);
    else if (queue.size === 0) this.consumed(queue.releasePartial());
  }

  /** Whether a message spanning several frames is being reassembled. */
  private get reassembling(): boolean { return this.queue?.reassembling === true; }

  private receiveEnd(): void {
    this.transition(StreamEvent.EndReceived);
    this.maybeEnd();
    if (this.queued === 0) this.waiters?.takeRead()?.resolve(DONE);
  }

  /**
   * Hands a whole message to the owner or queues it; `credit` is what it held so far, and every
   * message costs MESSAGE_CREDIT more (PROTOCOL.md §7). A `compressed` one is inflated when handed
   * over (a stream error if it cannot be), and queued as it came.
   */
  private deliver(bytes: Uint8Array, start: number, end: number, credit: number, compressed: boolean): void {
    this.consumeCredit(MESSAGE_CREDIT);
    const cost = credit + MESSAGE_CREDIT;
    const listener = this.listener;
    if (listener !== undefined ? this.demand > 0 && this.queued === 0 : this.waiters?.read !== undefined) {
      if (compressed) {
        bytes = inflateMessage(this.host, bytes, start, end);
        start = 0;
        end = bytes.length;
      }
      if (listener !== undefined) {
        this.demand--;
        this.consumed(cost);
        return listener.onMessage(bytes, start, end);
      }
      const reader = this.waiters!.takeRead()!;
      this.consumed(cost);
      return reader.resolve({ done: false, value: view(bytes, start, end) });
    }
    this.host.takeUnread(cost);
    (this.queue ??= new RecvQueue()).push(bytes, start, end, cost, compressed);
  }

  /** The reader consumed `cost` bytes of credit: batched back to the peer at half the window, while it may still send. */
  private consumed(cost: number): void {
    if (cost === 0 || !canReceive(this.state)) return;
    const increment = this.releaseCredit(cost, this.host.streamWindow / 2);
    if (increment > 0) this.host.sendWindowUpdate(this.self, increment);
  }

  private closeClean(): void {
    this.host.streamClosed(this.self);
    this.waiters?.takeHeaders()?.reject(this.closedError());
    this.onClose?.(undefined);
  }

  private checkReceiving(): void {
    if (!canReceive(this.state)) throw new WireError(ErrorCode.StreamClosed, `frame on a stream that is ${this.stateName}`, { scope: "stream" });
  }

  private checkHeaderSize(block: Uint8Array): void {
    const max = this.host.config.maxHeaderBlockSize;
    if (block.length > max) throw new WireError(ErrorCode.HeadersTooLarge, `header block of ${block.length} bytes exceeds ${max}`, { scope: "stream" });
  }
}
