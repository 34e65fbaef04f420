import type { CallScope } from "./call-scope.ts";
import { Code } from "./code.ts";
import { type Compression, verifyCompression } from "./compression.ts";
import { deadlineExceeded, DeadlineTimer } from "./deadline.ts";
import { canAppend, type MessageCodec } from "./descriptor.ts";
import type { HandlerContext } from "./handler-context.ts";
import type { HandlerTally } from "./handler-tally.ts";
import type { RequestHead } from "./header-block.ts";
import { encodeResponseHeaders, encodeTrailers } from "./header-encoder.ts";
import { logSafely } from "./logger.ts";
import { NO_MESSAGE } from "./message-decode.ts";
import { Metadata, type MetadataValue } from "./metadata.ts";
import { ReceiveSlot } from "./receive-slot.ts";
import type { RouteEntry } from "./router.ts";
import { RpcError } from "./rpc-error.ts";
import type { ServerOptions } from "./server-options.ts";
import { encodeServerTrailers } from "./server-trailers.ts";
import type { ServerCallListener, ServerTransportCall } from "./transport.ts";
import type { PeerCertificate } from "./peer-certificate.ts";
import type { UpgradeRequest } from "./upgrade-request.ts";

/** The status message when response headers or trailers exceed the sender's metadata limit. */
const METADATA_TOO_LARGE = "response metadata exceeds the size limit";

/**
 * Response side of a server call:
 *
 * ```
 *   pending ──first message──▶ streaming ──close──▶ closed
 *      └───────────close (trailers-only)───────────▶ closed
 *   any ──onCancel (client reset, connection loss, shutdown)──▶ closed
 * ```
 * `closed` is entered exactly once, in `#close` (trailers sent) or `onCancel` (nothing sent).
 */
type ResponseState = "pending" | "streaming" | "closed";

/**
 * One incoming call: the transport's listener, the handler's `ctx` and its propagation scope in
 * one object, so dispatching a unary call allocates little besides the messages. The request it
 * asked for waits in its {@link ReceiveSlot}. The abort controller behind `ctx.signal` is created
 * only if someone reads the signal.
 */
export class ServerCall extends ReceiveSlot implements ServerCallListener, HandlerContext, CallScope {
  #response: ResponseState = "pending";
  #halfClosed = false;
  #waiters: (() => void)[] | undefined;
  #cancelReason: RpcError | undefined;
  #controller: AbortController | undefined;
  #signal: AbortSignal | undefined;
  #header: Metadata | undefined;
  #trailer: Metadata | undefined;
  #timer: DeadlineTimer | undefined;
  /** The handler's life: not started (and maybe never), running, or returned; `finished` reaches the transport once, at "done". */
  #handler: "none" | "running" | "done" = "none";
  /** The call ended while the handler ran: counted in the tally's `abandoned` until it returns. */
  #abandoned = false;
  /** The request metadata; made empty on first read when the head carried none. */
  #metadata: Metadata | undefined;
  readonly deadline: number | undefined;

  constructor(
    readonly tc: ServerTransportCall,
    readonly route: RouteEntry,
    head: RequestHead,
    private readonly config: ServerOptions,
    private readonly onSingleRequest: (call: ServerCall, message: unknown) => void,
    private readonly tally: HandlerTally,
  ) {
    super("request", route.method, route.method.kind === "unary" || route.method.kind === "server_streaming");
    this.#metadata = head.metadata;
    this.deadline = head.timeoutMs === undefined ? undefined : Date.now() + head.timeoutMs;
  }

  get metadata(): Metadata { return (this.#metadata ??= new Metadata()); }

  /** True for unary and server streaming: exactly one request message, delivered with half-close. */
  get singleRequest(): boolean {
    return this.singleMessage;
  }

  /** Arms the deadline and asks for the first request message(s); false if already expired. */
  start(): boolean {
    if (this.deadline !== undefined) {
      if (this.deadline <= Date.now()) {
        this.#expire();
        return false;
      }
      this.#timer = new DeadlineTimer(this.deadline, () => this.#expire());
    }
    this.tc.request(this.singleMessage ? 2 : 1);
    return true;
  }

  get peer(): string { return this.tc.peer; }

  /** The client's verified TLS certificate, read from the transport on demand (it describes the connection, not the call). */
  get peerCertificate(): PeerCertificate | undefined {
    return this.tc.peerCertificate;
  }

  get upgradeRequest(): UpgradeRequest | undefined { return this.tc.upgradeRequest; }

  /** Aborts when the server starts a graceful close; a transport without shutdown gives a signal that never aborts. */
  get draining(): AbortSignal {
    return this.tc.draining ?? NEVER_DRAINING;
  }

  get signal(): AbortSignal {
    if (this.#signal === undefined) {
      this.#controller = new AbortController();
      if (this.#cancelReason !== undefined) this.#controller.abort(this.#cancelReason);
      this.#signal = this.#controller.signal; // kept: handlers poll it per message, and the DOM getter is not free
    }
    return this.#signal;
  }

  /** True once trailers were sent or the call was cancelled. */
  get closed(): boolean { return this.#response === "closed"; }

  setHeader(name: string, value: MetadataValue): void {
    if (this.#response !== "pending") return;
    (this.#header ??= new Metadata()).append(name, value);
  }

  setTrailer(name: string, value: MetadataValue): void {
    (this.#trailer ??= new Metadata()).append(name, value);
  }

  setCompression(compression: Compression): void {
    this.tc.setCompression?.(verifyCompression("ctx.setCompression", compression));
  }

  onMessage(bytes: Uint8Array, start: number, end: number): void {
    if (this.#response === "closed" || this.#halfClosed) return;
    const refused = this.hold(bytes, start, end, this.config.maxReceiveMessageBytes);
    if (refused !== undefined) return this.close(refused);
    if (!this.singleMessage) this.#wake();
  }

  onHalfClose(): void {
    if (this.#response === "closed" || this.#halfClosed) return;
    this.#halfClosed = true;
    if (this.singleMessage) {
      const missing = this.missingSingle();
      if (missing !== undefined) return this.close(missing);
      const message = this.#take();
      if (message !== NO_MESSAGE) this.onSingleRequest(this, message);
      return;
    }
    this.#wake();
  }

  onCancel(error: RpcError): void {
    if (this.#response === "closed") return;
    this.#response = "closed";
    this.#cancel(error);
    if (this.#handler === "none") this.#finish();
  }

  /** The dispatcher starts the handler. */
  handlerStarted(): void {
    this.#handler = "running";
    this.tally.running++;
    this.tc.started?.();
  }

  /** The handler returned (or threw) and its response is written: the transport may free the call's slot. */
  handlerReturned(): void {
    this.#finish();
  }

  #finish(): void {
    if (this.#handler === "done") return;
    if (this.#handler === "running") {
      this.tally.running--;
      if (this.#abandoned) this.tally.abandoned--;
    }
    this.#handler = "done";
    this.tc.finished?.();
  }

  /** Takes the held request message, decoded; one that does not decode ends the call (`InvalidArgument`) and gives `NO_MESSAGE`. */
  #take(): unknown {
    try {
      return this.takeHeld();
    } catch (undecodable) {
      this.close(undecodable as RpcError);
      return NO_MESSAGE;
    }
  }

  /**
   * Next request message of a streaming request, decoded; `NO_MESSAGE` after the client
   * half-closed; throws the call's error once the call ended otherwise. Asks the transport for
   * one more on each take.
   */
  async next(): Promise<unknown> {
    for (;;) {
      if (this.holding) {
        const message = this.#take();
        if (message === NO_MESSAGE) throw this.#cancelReason;
        if (!this.#halfClosed && this.#response !== "closed") this.tc.request(1);
        return message;
      }
      if (this.#cancelReason !== undefined) throw this.#cancelReason;
      if (this.#halfClosed) return NO_MESSAGE;
      if (this.#response === "closed") throw new RpcError(Code.Canceled, "the call already ended");
      await new Promise<void>((resolve) => (this.#waiters ??= []).push(resolve));
    }
  }

  /**
   * Sends one handler message: appended to the transport's buffer when codec and transport can
   * (after the first, which goes out with the response headers), else encoded on its own.
   * Throws what the codec throws.
   */
  sendMessage(codec: MessageCodec<unknown>, message: unknown): Promise<void> | undefined {
    if (this.#response === "streaming" && this.tc.sendWith !== undefined && canAppend(codec)) return this.tc.sendWith(codec, message);
    return this.send(codec.encode(message));
  }

  /** Sends one response message, preceded by the response headers the first time. */
  send(bytes: Uint8Array): Promise<void> | undefined {
    if (this.#response === "closed") return undefined;
    if (this.#response === "pending") {
      let block: Uint8Array;
      try {
        block = encodeResponseHeaders(this.#header, this.config.metadataSoftLimitBytes);
      } catch (tooLarge) {
        // Never throw into the dispatcher: the call ends with the same status as oversized trailers.
        this.#header = undefined;
        this.#logDropped(tooLarge);
        this.close(new RpcError(Code.Internal, METADATA_TOO_LARGE));
        return undefined;
      }
      this.#response = "streaming";
      return this.tc.sendHeaders(block, bytes);
    }
    return this.tc.send(bytes);
  }

  /**
   * Ends the call with OK (`error` undefined) or `error`'s status — handler results, limits,
   * deadline, protocol errors — aborting `ctx.signal` on errors. The single trailer path.
   */
  close(error: RpcError | undefined): void {
    if (this.#response === "closed") return;
    const headersPending = this.#response === "pending";
    this.#response = "closed";
    this.#timer?.clear();
    let trailer = this.#trailer;
    if (error !== undefined && error.metadata.size > 0) trailer = new Metadata(trailer).merge(error.metadata);
    const limit = this.config.metadataSoftLimitBytes;
    let block: Uint8Array;
    try {
      if (headersPending && this.#header !== undefined && this.#header.size > 0) {
        this.tc.sendHeaders(encodeResponseHeaders(this.#header, limit));
      }
      block = encodeServerTrailers(error, trailer, this.config, this.method.path);
    } catch (tooLarge) {
      this.#logDropped(tooLarge);
      block = encodeTrailers(Code.Internal, METADATA_TOO_LARGE, [], undefined, limit);
    }
    this.tc.close(block);
    if (error !== undefined) this.#cancel(error);
    else this.#wake();
    if (this.#handler === "none") this.#finish(); // ended before a handler ran: none will
  }

  #logDropped(error: unknown): void {
    logSafely(this.config.logger, `response metadata of ${this.method.path} dropped`, error, { event: "metadata.dropped", method: this.method.path });
  }

  #expire(): void {
    this.close(deadlineExceeded());
  }

  #cancel(error: RpcError): void {
    if (this.#handler === "running" && !this.#abandoned) {
      this.#abandoned = true;
      this.tally.abandoned++;
    }
    this.#timer?.clear();
    this.dropHeld();
    this.#cancelReason ??= error;
    this.#controller?.abort(error);
    this.#wake();
  }

  #wake(): void {
    const waiters = this.#waiters;
    if (waiters === undefined) return;
    this.#waiters = undefined;
    for (const w of waiters) w();
  }
}

/** `ctx.draining` of calls whose transport has no graceful shutdown (e.g. in-memory tests). */
const NEVER_DRAINING: AbortSignal = new AbortController().signal;
