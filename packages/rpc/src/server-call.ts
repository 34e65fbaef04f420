import { CallExtras } from "./call-extras.ts";
import type { CallScope } from "./call-scope.ts";
import { Code } from "./code.ts";
import { type Compression, verifyCompression } from "./compression.ts";
import { deadlineExceeded, DeadlineTimer } from "./deadline.ts";
import { canAppend, type MessageCodec, type MessageEncoder, type MethodDescriptor } from "./descriptor.ts";
import type { HandlerContext } from "./handler-context.ts";
import type { RequestHead } from "./header-block.ts";
import { encodeResponseHeaders, encodeTrailers, okTrailers } from "./header-encoder.ts";
import { emptyBlock } from "./header-block.ts";
import { logSafely } from "./logger.ts";
import { NO_MESSAGE } from "./message-decode.ts";
import { Metadata, type MetadataValue } from "./metadata.ts";
import { ReceiveSlot } from "./receive-slot.ts";
import type { RouteEntry } from "./router.ts";
import { RpcError } from "./rpc-error.ts";
import { METADATA_TOO_LARGE, NEVER_DRAINING, type ResponseState, type ServerCallHost } from "./server-call-host.ts";
import { encodeServerTrailers } from "./server-trailers.ts";
import type { ServerCallListener, ServerTransportCall } from "./transport.ts";
import type { PeerCertificate } from "./peer-certificate.ts";
import type { UpgradeRequest } from "./upgrade-request.ts";

/**
 * One incoming call: the transport's listener, the handler's `ctx` and its propagation scope in
 * one object, so dispatching a unary call allocates little besides the messages. The request it
 * asked for waits in its {@link ReceiveSlot}. The abort controller behind `ctx.signal` is created
 * only if someone reads the signal.
 */
export class ServerCall extends ReceiveSlot implements ServerCallListener, HandlerContext, CallScope {
  #response: ResponseState = "pending";
  #halfClosed = false;
  #cancelReason: RpcError | undefined;
  /** Waiters, deadline timer, `ctx.signal`, response metadata: made on first use (call-extras.ts). */
  #extras: CallExtras | undefined;
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
    private readonly host: ServerCallHost,
  ) {
    super(route.method.kind === "unary" || route.method.kind === "server_streaming");
    this.#metadata = head.metadata;
    this.deadline = head.timeoutMs === undefined ? undefined : Date.now() + head.timeoutMs;
  }

  get method(): MethodDescriptor { return this.route.method; }
  protected get side(): "request" { return "request"; }
  protected get codec(): MessageCodec<unknown> { return this.route.method.input; }

  /** The extras, made if they were not. */
  #more(): CallExtras { return (this.#extras ??= new CallExtras()); }

  get metadata(): Metadata { return (this.#metadata ??= new Metadata()); }

  /** True for unary and server streaming: exactly one request message, delivered with half-close. */
  get singleRequest(): boolean { return this.singleMessage; }

  /** Arms the deadline and asks for the first request message(s); false if already expired. */
  start(): boolean {
    if (this.deadline !== undefined) {
      if (this.deadline <= Date.now()) {
        this.#expire();
        return false;
      }
      this.#more().timer = new DeadlineTimer(this.deadline, () => this.#expire());
    }
    this.tc.request(this.singleMessage ? 2 : 1);
    return true;
  }

  get peer(): string { return this.tc.peer; }

  /** The client's verified TLS certificate, read from the transport on demand (it describes the connection, not the call). */
  get peerCertificate(): PeerCertificate | undefined { return this.tc.peerCertificate; }

  get upgradeRequest(): UpgradeRequest | undefined { return this.tc.upgradeRequest; }

  /** Aborts when the server starts a graceful close; a transport without shutdown gives a signal that never aborts. */
  get draining(): AbortSignal { return this.tc.draining ?? NEVER_DRAINING; }

  get signal(): AbortSignal {
    const extras = this.#more();
    if (extras.signal === undefined) {
      const controller = (extras.controller = new AbortController());
      if (this.#cancelReason !== undefined) controller.abort(this.#cancelReason);
      extras.signal = controller.signal; // kept: handlers poll it per message, and the DOM getter is not free
    }
    return extras.signal;
  }

  /** True once trailers were sent or the call was cancelled. */
  get closed(): boolean { return this.#response === "closed"; }

  setHeader(name: string, value: MetadataValue): void {
    if (this.#response !== "pending") return;
    (this.#more().header ??= new Metadata()).append(name, value);
  }

  setTrailer(name: string, value: MetadataValue): void { (this.#more().trailer ??= new Metadata()).append(name, value); }

  setCompression(compression: Compression): void { this.tc.setCompression?.(verifyCompression("ctx.setCompression", compression)); }

  onMessage(bytes: Uint8Array, start: number, end: number): void {
    if (this.#response === "closed" || this.#halfClosed) return;
    const refused = this.hold(bytes, start, end, this.host.config.maxReceiveMessageBytes);
    if (refused !== undefined) return this.close(refused);
    if (!this.singleMessage) this.#extras?.wake();
  }

  onHalfClose(): void {
    if (this.#response === "closed" || this.#halfClosed) return;
    this.#halfClosed = true;
    if (this.singleMessage) {
      const missing = this.missingSingle();
      if (missing !== undefined) return this.close(missing);
      const message = this.#take();
      if (message !== NO_MESSAGE) this.host.onSingleRequest(this, message);
      return;
    }
    this.#extras?.wake();
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
    this.host.tally.running++;
    this.tc.started?.();
  }

  /** The handler returned (or threw) and its response is written: the transport may free the call's slot. */
  handlerReturned(): void { this.#finish(); }

  #finish(): void {
    if (this.#handler === "done") return;
    if (this.#handler === "running") {
      this.host.tally.running--;
      if (this.#abandoned) this.host.tally.abandoned--;
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
      await this.#more().wait();
    }
  }

  /** Sends one handler message: appended to the transport's buffer when codec and transport can (after the first, which goes out with the response headers), else encoded on its own. Throws what the codec throws. */
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
        block = encodeResponseHeaders(this.#extras?.header, this.host.config.metadataSoftLimitBytes);
      } catch (tooLarge) {
        // Never throw into the dispatcher: the call ends with the same status as oversized trailers.
        this.#extras!.header = undefined;
        this.#logDropped(tooLarge);
        this.close(new RpcError(Code.Internal, METADATA_TOO_LARGE));
        return undefined;
      }
      this.#response = "streaming";
      return this.tc.sendHeaders(block, bytes);
    }
    return this.tc.send(bytes);
  }

  /** The single response, then the OK end (a unary or client-streaming answer): in one go if the transport takes a whole response (`respond`) and no response metadata was set, else `send`, then `close`. */
  reply(bytes: Uint8Array): void {
    if (!this.#wholeResponse || this.tc.respond === undefined) {
      void this.send(bytes);
      return this.close(undefined);
    }
    this.#response = "closed";
    this.tc.respond(emptyBlock, bytes, okTrailers); // no response metadata: no header entries, plain OK
    this.#closed(undefined);
  }

  /** {@link reply} of what `encoder` appends to the transport's buffer (`respondWith`); false, having sent nothing, when it cannot go that way. Throws what the encoder throws. */
  replyWith<T>(encoder: MessageEncoder<T>, message: T): boolean {
    if (!this.#wholeResponse || this.tc.respondWith === undefined) return false;
    this.#response = "closed"; // before the transport has it, as in `reply`: a cancel it causes finds the call answered
    let taken = false;
    try {
      taken = this.tc.respondWith(emptyBlock, encoder, message, okTrailers);
    } finally {
      if (!taken) this.#response = "pending"; // nothing was sent
    }
    if (taken) this.#closed(undefined);
    return taken;
  }

  /** The answer can go as a whole response: nothing sent yet, and no response metadata set. */
  get #wholeResponse(): boolean { return this.#response === "pending" && this.#extras?.header === undefined && this.#extras?.trailer === undefined; }

  /**
   * Ends the call with OK (`error` undefined) or `error`'s status — handler results, limits,
   * deadline, protocol errors — aborting `ctx.signal` on errors. The single trailer path.
   */
  close(error: RpcError | undefined): void {
    if (this.#response === "closed") return;
    const headersPending = this.#response === "pending";
    this.#response = "closed";
    const extras = this.#extras;
    let trailer = extras?.trailer;
    if (error !== undefined && error.metadata.size > 0) trailer = new Metadata(trailer).merge(error.metadata);
    const limit = this.host.config.metadataSoftLimitBytes;
    let block: Uint8Array;
    try {
      const header = extras?.header;
      if (headersPending && header !== undefined && header.size > 0) this.tc.sendHeaders(encodeResponseHeaders(header, limit));
      block = encodeServerTrailers(error, trailer, this.host.config, this.method.path);
    } catch (tooLarge) {
      this.#logDropped(tooLarge);
      block = encodeTrailers(Code.Internal, METADATA_TOO_LARGE, [], undefined, limit);
    }
    this.tc.close(block);
    this.#closed(error);
  }

  /** The response side is closed (trailers went to the transport): timer, waiters, signal, handler slot. */
  #closed(error: RpcError | undefined): void {
    if (error !== undefined) this.#cancel(error); // clears the timer too
    else {
      this.#extras?.timer?.clear();
      this.#extras?.wake();
    }
    if (this.#handler === "none") this.#finish(); // ended before a handler ran: none will
  }

  #logDropped(error: unknown): void {
    logSafely(this.host.config.logger, `response metadata of ${this.method.path} dropped`, error, { event: "metadata.dropped", method: this.method.path });
  }

  #expire(): void { this.close(deadlineExceeded()); }

  #cancel(error: RpcError): void {
    if (this.#handler === "running" && !this.#abandoned) {
      this.#abandoned = true;
      this.host.tally.abandoned++;
    }
    const extras = this.#extras;
    this.dropHeld();
    this.#cancelReason ??= error;
    if (extras === undefined) return;
    extras.timer?.clear();
    extras.controller?.abort(error);
    extras.wake();
  }
}
