import type { Compression } from "./compression.ts";
import type { MessageEncoder } from "./descriptor.ts";
import type { PeerCertificate } from "./peer-certificate.ts";
import type { UpgradeRequest } from "./upgrade-request.ts";
import type { RpcError } from "./rpc-error.ts";

/**
 * The contract between call semantics (this package) and a byte-moving transport (`@strand/tcp`
 * on `@strand/wire` sessions, the in-memory pair in `@strand/rpc/testing`, later WebSockets).
 *
 * It mirrors one wire stream 1:1 and follows gRPC-Java's `ClientCall`/`ServerCall` split:
 * the RPC layer pushes header blocks and messages down, the transport pushes events up through a
 * listener, and inbound flow control is demand-driven (`request(n)`), so a unary call needs no
 * async iterator and no promise per message:
 *
 * | RPC layer                          | wire                                                   |
 * |------------------------------------|--------------------------------------------------------|
 * | `openCall({head, message, end})`   | HEADERS(head block [+ first message] [+ END_STREAM])    |
 * | `send(m)` / `end()`                 | message DATA / empty END_STREAM                          |
 * | `cancel()` / `reset()`              | RST_STREAM(CANCEL)                                      |
 * | `cancel("deadline")`               | RST_STREAM(DEADLINE_EXCEEDED)                           |
 * | `sendHeaders(b, m?)`                | HEADERS(b [+ first message m])                          |
 * | `close(trailers)`                   | HEADERS(trailers + END_STREAM)                          |
 * | `request(n)`                        | deliver n more queued messages; return their credit     |
 *
 * Header blocks are produced and parsed by `header-block.ts`; the transport treats them as opaque,
 * immutable bytes (they may be shared constants: never write into them).
 *
 * Rules every implementation keeps:
 * - Listener methods are never called after the call's terminal event (`onTrailers`/`onError` on
 *   the client, `onCancel` or a local `close`/`reset` on the server), nor after `cancel()`.
 * - At most `n` messages are delivered per `request(n)` granted; undelivered messages stay in the
 *   transport's flow-controlled buffer (bounded by the stream window), which is what slows the peer.
 * - `onTrailers` / `onHalfClose` come only after every message sent before them was delivered
 *   (the RPC layer keeps requesting until then); `onError` / `onCancel` may come at any time and
 *   drop undelivered messages.
 * - Listener methods may be invoked synchronously from inside `request()`; callers tolerate it.
 * - `send` never throws or rejects: failures surface as the listener's terminal event.
 */

/** How a client opens a call: everything the first HEADERS frame can carry. */
export interface OpenCall {
  /** The encoded request head (`:path`, `:timeout`, metadata). */
  readonly head: Uint8Array;
  /** First request message, sent in the same frame as the head (unary and server streaming). */
  readonly message: Uint8Array | undefined;
  /** Half-close in the same frame: no more messages follow (unary and server streaming). */
  readonly end: boolean;
  /** Queue until connected instead of failing fast with `Unavailable` (gRPC wait-for-ready). */
  readonly waitForReady: boolean;
  /** What the request messages are compressed with; absent: the transport's default (the channel's option). */
  readonly compression?: Compression | undefined;
}

/** Client side: opens calls. A channel (one or many connections) implements this. */
export interface Transport {
  /**
   * What the transport connects to, as the user named it: `"127.0.0.1:50051"`, `"unix:/run/x.sock"`,
   * `"dns:///ledger.example:7000"`, a `ws://` URL, several addresses joined by `","`. Shown to
   * client interceptors as `req.target` (observability: OpenTelemetry's `server.address`);
   * optional, `undefined` for transports without such a name (in-memory pairs).
   */
  readonly target?: string | undefined;
  /**
   * Starts a call. Never throws: a transport that cannot carry it (closed, not connected without
   * `waitForReady`) reports `listener.onError` asynchronously.
   */
  openCall(open: OpenCall, listener: ClientCallListener): ClientTransportCall;
}

/** Why a client cancels: anything (`"cancel"`, the default) or its deadline passed (`"deadline"`). */
export type CancelReason = "cancel" | "deadline";

/** The handle of one client call. */
export interface ClientTransportCall {
  /** Allows `n` more response messages to be delivered (flow control: credit follows delivery). */
  request(n: number): void;
  /**
   * Sends a request message. The message is always taken (queued in order, before any later
   * `end`); the result only paces the caller: `undefined` means send on, a promise means wait for
   * it before the next send (backpressure: resolves when the stream has credit again, or ended).
   */
  send(message: Uint8Array): Promise<void> | undefined;
  /** Half-closes: no more request messages. */
  end(): void;
  /**
   * Resets the stream (RST_STREAM CANCEL, or DEADLINE_EXCEEDED for `"deadline"`, so the server
   * reports an expiry as such even if the client's timer fired before its own); no listener
   * calls follow. Idempotent.
   */
  cancel(reason?: CancelReason): void;
}

/** Events of one client call, in order: `onHeaders`? `onMessage`* then exactly one terminal event. */
export interface ClientCallListener {
  /** The response header block (not called for a trailers-only response). */
  onHeaders(block: Uint8Array): void;
  /**
   * One response message, `bytes[start, end)` (a range so that messages sharing one frame cost no
   * array each; `bytes` may hold other data and is read-only); only as many as were `request`ed.
   */
  onMessage(bytes: Uint8Array, start: number, end: number): void;
  /** Terminal: the server closed the stream with this trailer block. */
  onTrailers(block: Uint8Array): void;
  /**
   * Terminal: the call ended without trailers — peer reset (`Canceled`), connection loss or no
   * connection (`Unavailable`), protocol error (`Internal`). `notProcessed` is true when the server
   * provably never handed the stream to the application (GOAWAY above its last stream ID, refused
   * stream, never sent), so the RPC layer may retry it transparently elsewhere.
   */
  onError(error: RpcError, notProcessed: boolean): void;
}

/** Server side: the RPC dispatcher implements this and the listener feeds it every new stream. */
export interface CallAcceptor {
  /**
   * A stream whose request head arrived. Returns the listener for its remaining events; the
   * transport delivers messages that came with the head (unary) after `accept` returns, as requested.
   */
  accept(call: ServerTransportCall): ServerCallListener;
}

/** The handle of one server call. */
export interface ServerTransportCall {
  /** The request head block (`:path`, `:timeout`, metadata); read it in `accept` (transports may release it afterwards). */
  readonly head: Uint8Array;
  /** Human-readable client address, e.g. `"127.0.0.1:53122"` or `"unix:/run/x.sock"`. */
  readonly peer: string;
  /** The client's verified TLS certificate (mTLS), if the transport has one; read lazily by `ctx.peerCertificate`. */
  readonly peerCertificate?: PeerCertificate | undefined;
  /** WebSocket transports: the request the connection was upgraded from; read lazily by `ctx.upgradeRequest`. */
  readonly upgradeRequest?: UpgradeRequest | undefined;
  /** Aborts when the transport starts a graceful shutdown (GOAWAY sent); read lazily by `ctx.draining`. */
  readonly draining?: AbortSignal | undefined;
  /**
   * Called once when the server is done with the call: its handler returned, or none will run
   * (rejected, cancelled before its request arrived). Until then the transport keeps the call
   * counted against its concurrency limit, even after the stream ended: a peer that resets calls
   * cannot have more handlers running than the limit. Optional for transports without one.
   */
  finished?(): void;
  /**
   * Called once when the call's handler starts. A reset from the client after it cancels work
   * under way (ordinary); one before it threw the call away before any work began, which a
   * transport may count against the client (the premature-reset budget). Optional.
   */
  started?(): void;
  /** Allows `n` more request messages to be delivered. */
  request(n: number): void;
  /**
   * Response headers, called at most once and before any `send`; with `message`, the first
   * response message goes in the same frame (the unary response: one frame plus trailers).
   * Same result contract as `send`.
   */
  sendHeaders(block: Uint8Array, message?: Uint8Array): Promise<void> | undefined;
  /**
   * Optional: what response messages queued from now on are compressed with, overriding the
   * transport's default (the server's option); `ctx.setCompression` calls it.
   */
  setCompression?(compression: Compression): void;
  /** Sends a response message; same contract as the client's `send` (taken, ordered before `close`). */
  send(message: Uint8Array): Promise<void> | undefined;
  /**
   * Optional, after `sendHeaders`: `send` of what `encoder` appends to the transport's own outbound
   * buffer, so streamed small messages cost no array each. Throws what the encoder throws, and
   * then sends nothing.
   */
  sendWith?<T>(encoder: MessageEncoder<T>, message: T): Promise<void> | undefined;
  /**
   * Terminal: trailers with END_STREAM. Without a prior `sendHeaders` this is a trailers-only
   * response. Request messages still in flight are discarded (the transport may reset the
   * inbound half with NO_ERROR, as HTTP/2 servers do).
   */
  close(trailers: Uint8Array): void;
  /**
   * Optional, terminal: the whole response at once — `sendHeaders(block, message)` then
   * `close(trailers)` — which a transport may send as one frame (a unary answer). Called only
   * instead of both, before either.
   */
  respond?(block: Uint8Array, message: Uint8Array, trailers: Uint8Array): void;
  /**
   * Optional, terminal: {@link respond} with the message `encoder` appends to the transport's own
   * buffer, so a small answer costs no array. Returns false, having sent nothing, when the
   * transport will not take it this way (the caller then encodes and responds); throws what the
   * encoder throws, having sent nothing.
   */
  respondWith?<T>(block: Uint8Array, encoder: MessageEncoder<T>, message: T, trailers: Uint8Array): boolean;
  /**
   * Optional: the call arrived alone — no other call open on its connection, no other request
   * waiting in the read that carried it — so an answer made before that read's callback returns
   * would go out in a write of its own anyway. The dispatcher then sends it at once rather than
   * with the other answers of its turn (one call in flight: a microtask and the rest of the read
   * sooner). Absent or false: answers are gathered per turn.
   */
  readonly arrivedAlone?: boolean;
  /** Terminal: resets the stream (RST_STREAM CANCEL) without trailers. Idempotent. */
  reset(): void;
}

/** Events of one server call. */
export interface ServerCallListener {
  /** One request message, `bytes[start, end)` as for the client; only as many as were `request`ed. */
  onMessage(bytes: Uint8Array, start: number, end: number): void;
  /** The client half-closed: no more messages. */
  onHalfClose(): void;
  /**
   * Terminal: the call is gone before the server closed it — client reset (`Canceled`, or
   * `DeadlineExceeded` when the client cancelled because the deadline passed), connection
   * loss (`Unavailable`), transport shut down past its grace period (`Unavailable`).
   */
  onCancel(error: RpcError): void;
}
