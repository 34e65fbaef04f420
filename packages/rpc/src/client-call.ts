import { Code, isCode } from "./code.ts";
import { CallExtras } from "./call-extras.ts";
import type { ClientOptions } from "./client-options.ts";
import { deadlineExceeded, DeadlineTimer } from "./deadline.ts";
import { markReceived } from "./downstream-error.ts";
import type { MessageCodec, MethodDescriptor } from "./descriptor.ts";
import { decodeResponseHeaders, decodeTrailers, isPlainOk } from "./header-decoder.ts";
import { NO_MESSAGE } from "./message-decode.ts";
import { Metadata } from "./metadata.ts";
import { ReceiveSlot } from "./receive-slot.ts";
import { RpcError } from "./rpc-error.ts";
import type { ClientCallListener, ClientTransportCall, OpenCall, Transport } from "./transport.ts";

/**
 * States of a client call:
 *
 * ```
 *   open ──onHeaders──▶ receiving
 *    │                     │
 *    └──────┬──────────────┘
 *           ▼  onTrailers | onError | cancel (signal, deadline, consumer)
 *         done
 * ```
 * `open` may loop on itself when a not-processed call is transparently re-opened.
 */
type CallState = "open" | "receiving" | "done";

/** `#flags`: a request message was sent apart from the head (no transparent retry then). */
const SENT_SEPARATELY = 1;
/** `#flags`: the request side is half-closed. */
const HALF_CLOSED = 2;
/** `#flags`: response headers arrived; an empty block's `Metadata` is only made if someone asks. */
const HEADER_SEEN = 4;

/** Per-call callbacks from the call options (the request envelope, or the options themselves). */
export interface CallCallbacks {
  readonly onHeader?: ((headers: Metadata) => void) | undefined;
  readonly onTrailer?: ((trailers: Metadata) => void) | undefined;
}

/**
 * The client end of one call: listens to the transport, owns the deadline timer and the abort
 * listener, and keeps the response it requested in its {@link ReceiveSlot} (one ahead for streams;
 * two requested for single responses so a misbehaving server is caught). All terminal paths go
 * through `#finish`.
 */
export class ClientCall extends ReceiveSlot implements ClientCallListener {
  #state: CallState = "open";
  #tc: ClientTransportCall | undefined;
  #retriesLeft: number;
  /** SENT_SEPARATELY, HALF_CLOSED, HEADER_SEEN: one field for three (a call is 18 fields, a 160-byte cell; 19 take 224). */
  #flags = 0;
  /** Waiters, deadline timer, the caller's signal, response headers and trailers: made on first use (call-extras.ts). */
  #extras: CallExtras | undefined;
  #error: RpcError | undefined;
  /** The unary promise's settlers (two fields rather than an object: one allocation less per call). */
  #resolve: ((message: unknown) => void) | undefined;
  #reject: ((error: RpcError) => void) | undefined;

  constructor(
    private readonly transport: Transport,
    readonly method: MethodDescriptor,
    private readonly open: OpenCall,
    private readonly config: ClientOptions,
    /** Unary and client streaming: exactly one response message. */
    singleResponse: boolean,
    signal: AbortSignal | undefined,
    private readonly callbacks: CallCallbacks,
  ) {
    super(singleResponse);
    this.#retriesLeft = config.maxTransparentRetries;
    if (signal !== undefined) this.#more().signal = signal;
  }

  protected get side(): "response" { return "response"; }
  protected get codec(): MessageCodec<unknown> { return this.method.output; }

  /** The extras, made if they were not. */
  #more(): CallExtras { return (this.#extras ??= new CallExtras()); }

  /** The caller's abort signal, if it gave one. */
  private get signal(): AbortSignal | undefined { return this.#extras?.signal; }

  /** Unary and client streaming: exactly one response message. */
  get singleResponse(): boolean { return this.singleMessage; }

  /** Response headers once they arrived (undefined before, and for trailers-only responses). */
  get header(): Metadata | undefined {
    if (this.#extras?.header === undefined && (this.#flags & HEADER_SEEN) !== 0) this.#more().header = new Metadata();
    return this.#extras?.header;
  }

  /** Trailers; filled in when the call ends with a server status (the same object throughout). */
  get trailer(): Metadata {
    return (this.#more().trailer ??= new Metadata());
  }

  /** Opens the transport call and arms deadline and cancellation. */
  start(deadline: number | undefined): void {
    if (this.signal?.aborted) return this.#finish(RpcError.from(this.signal.reason, Code.Canceled));
    if (deadline !== undefined) {
      if (deadline <= Date.now()) return this.#finish(deadlineExceeded());
      this.#more().timer = new DeadlineTimer(deadline, () => this.cancel(deadlineExceeded()));
    }
    this.signal?.addEventListener("abort", this);
    this.#tc = this.transport.openCall(this.open, this);
    this.#tc.request(this.singleMessage ? 2 : 1);
  }

  /** True once the call has its final outcome. */
  get done(): boolean { return this.#state === "done"; }

  /** Abort listener (an object listener, so no closure per call). */
  handleEvent(): void {
    this.cancel(RpcError.from(this.signal?.reason, Code.Canceled));
  }

  /** Ends the call locally with `error`, resetting the stream. Idempotent. */
  cancel(error: RpcError): void {
    if (this.#state === "done") return;
    this.dropHeld();
    this.#tc?.cancel(error.code === Code.DeadlineExceeded ? "deadline" : "cancel");
    this.#finish(error);
  }

  /** Sends one request message (streaming requests); see the transport's backpressure contract. */
  send(message: Uint8Array): Promise<void> | undefined {
    if (this.#state === "done" || this.#tc === undefined) return undefined;
    this.#flags |= SENT_SEPARATELY;
    return this.#tc.send(message);
  }

  /** Half-closes the request side. */
  end(): void {
    if (this.#state === "done" || (this.#flags & HALF_CLOSED) !== 0) return;
    this.#flags |= HALF_CLOSED;
    this.#tc?.end();
  }

  onHeaders(block: Uint8Array): void {
    if (this.#state !== "open") {
      if (this.#state === "receiving") this.cancel(new RpcError(Code.Internal, "protocol error: response headers received twice"));
      return;
    }
    if (block.length > 0) {
      try {
        this.#more().header = decodeResponseHeaders(block, this.config.metadataHardLimitBytes);
      } catch (error) {
        return this.cancel(receiveError(error));
      }
    }
    this.#flags |= HEADER_SEEN;
    this.#state = "receiving";
    if (this.callbacks.onHeader !== undefined) this.callbacks.onHeader(this.header!);
    this.#extras?.wake();
  }

  onMessage(bytes: Uint8Array, start: number, end: number): void {
    if (this.#state === "done") return;
    const refused = this.hold(bytes, start, end, this.config.maxReceiveMessageBytes);
    if (refused !== undefined) return this.cancel(refused);
    if (!this.singleMessage) this.#extras?.wake();
  }

  onTrailers(block: Uint8Array): void {
    if (this.#state === "done") return;
    let code: number;
    let error: RpcError | undefined;
    // Plain OK trailers: nothing to decode or merge (the trailer metadata stays lazy).
    if (isPlainOk(block)) return this.#ended(undefined);
    try {
      const t = decodeTrailers(block, this.config.metadataHardLimitBytes);
      const extras = this.#more();
      if (extras.trailer === undefined) extras.trailer = t.metadata;
      else extras.trailer.merge(t.metadata);
      code = t.code;
      if (code !== 0) {
        const metadata = new Metadata(this.header).merge(t.metadata);
        error = markReceived(new RpcError(isCode(code) ? code : Code.Unknown, t.message, { metadata, details: t.details }));
      }
    } catch (e) {
      return this.#finish(receiveError(e));
    }
    this.#ended(error);
  }

  /** Trailers decoded: report them, then check a single response really came. */
  #ended(error: RpcError | undefined): void {
    if (this.callbacks.onTrailer !== undefined) this.callbacks.onTrailer(this.trailer);
    this.#finish(error ?? this.missingSingle());
  }

  onError(error: RpcError, notProcessed: boolean): void {
    if (this.#state === "done") return;
    if (notProcessed && this.#state === "open" && (this.#flags & SENT_SEPARATELY) === 0 && this.#retriesLeft > 0) {
      this.#retriesLeft--;
      this.#tc = this.transport.openCall(this.open, this);
      this.#tc.request(this.singleMessage ? 2 : 1);
      if ((this.#flags & HALF_CLOSED) !== 0) this.#tc.end();
      return;
    }
    this.dropHeld();
    this.#finish(error);
  }

  /** Resolves once response headers arrived (or the call ended OK); rejects with the call's error. */
  async headers(): Promise<void> {
    while (this.#state === "open") await this.#more().wait();
    if ((this.#flags & HEADER_SEEN) === 0 && this.#error !== undefined) throw this.#error;
  }

  /**
   * The single response of unary and client-streaming calls, decoded: one promise settled
   * directly by the terminal event (no wait loop, no extra `then`), the unary hot path. Call at
   * most once.
   */
  single(): Promise<unknown> {
    if (this.#state === "done") return new Promise((resolve, reject) => this.#settleSingle(resolve, reject));
    ClientCall.#capturing = this;
    try {
      return new Promise(ClientCall.#capture);
    } finally {
      ClientCall.#capturing = undefined;
    }
  }

  /** The call whose promise {@link single} is making (the executor runs at once, inside `new Promise`). */
  static #capturing: ClientCall | undefined;
  /** One executor for every call's promise: no closure (and no scope for it) per call. */
  static readonly #capture = (resolve: (message: unknown) => void, reject: (error: RpcError) => void): void => {
    const call = ClientCall.#capturing!;
    call.#resolve = resolve;
    call.#reject = reject;
  };

  #settleSingle(resolve: (message: unknown) => void, reject: (error: RpcError) => void): void {
    if (this.#error !== undefined) return reject(this.#error);
    let message: unknown;
    try {
      message = this.peekHeld();
    } catch (undecodable) {
      return reject(undecodable as RpcError);
    }
    resolve(message);
  }

  /**
   * The response message already received, decoded, or `NO_MESSAGE` (the synchronous fast path of
   * {@link next}); asks for the next one. One that does not decode cancels the call and throws.
   */
  take(): unknown {
    if (!this.holding) return NO_MESSAGE;
    let message: unknown;
    try {
      message = this.takeHeld();
    } catch (undecodable) {
      this.cancel(undecodable as RpcError);
      throw undecodable;
    }
    if (this.#state !== "done") this.#tc?.request(1);
    return message;
  }

  /** Next response message of a stream, decoded; `NO_MESSAGE` at the OK end; throws the call's error. */
  async next(): Promise<unknown> {
    for (;;) {
      const message = this.take();
      if (message !== NO_MESSAGE) return message;
      if (this.#state === "done") {
        if (this.#error !== undefined) throw this.#error;
        return NO_MESSAGE;
      }
      await this.#more().wait();
    }
  }

  #finish(error: RpcError | undefined): void {
    if (this.#state === "done") return;
    this.#state = "done";
    this.#error = error;
    const extras = this.#extras;
    extras?.timer?.clear();
    extras?.signal?.removeEventListener("abort", this);
    const resolve = this.#resolve;
    if (resolve !== undefined) {
      const reject = this.#reject!;
      this.#resolve = this.#reject = undefined;
      this.#settleSingle(resolve, reject);
    }
    extras?.wake();
  }
}

/** A bad block from the server is the server's fault: `Internal`, except size limits. */
function receiveError(error: unknown): RpcError {
  const e = RpcError.from(error, Code.Internal);
  return e.code === Code.ResourceExhausted ? e : new RpcError(Code.Internal, e.message, { cause: e });
}
