import { ErrorCode } from "./error-code.ts";
import type { FramedStream } from "./stream-framer.ts";
import type { StreamListener } from "./stream-host.ts";
import { StreamOutbound } from "./stream-outbound.ts";
import { DONE, view } from "./stream-reader.ts";
import { headersUnframed, isClosed, remoteEnded } from "./stream-state.ts";
import { WireError } from "./wire-error.ts";

export type { HeadersOptions, StreamHost, StreamListener } from "./stream-host.ts";

/** What a released header block (see `releaseHeaders`) reads as. */
const RELEASED = new Uint8Array(0);

/**
 * One stream: a duplex of messages with half-close and reset, plus the peer's header blocks. This
 * class is the owner's API; sending is its base, {@link StreamOutbound}, and receiving that one's
 * base, `StreamInbound`.
 *
 * Sending: {@link send} resolves once the stream's unframed bytes fit in its send credit and the
 * session's write queue is under its high-water mark, so awaiting each send bounds what a fast
 * producer buffers to about one message plus one window.
 *
 * Receiving: iterate with `for await`, or {@link listen} and {@link request} (push mode). Credit is
 * returned to the peer as messages are consumed (batched at half the window), so a consumer that
 * stops reading bounds what the peer sends.
 */
export class WireStream extends StreamOutbound implements AsyncIterableIterator<Uint8Array>, FramedStream {
  /** The owner's hold on the concurrency slot: 0 never held, 1 held, 2 released. */
  private ownerHold: 0 | 1 | 2 = 0;

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
  started(): void { this.markStarted(); }
}
