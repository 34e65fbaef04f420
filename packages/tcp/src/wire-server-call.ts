import type { Compression, PeerCertificate, ServerCallListener, ServerTransportCall, UpgradeRequest } from "@strand/rpc";
import { arrivedAlone, ErrorCode, type MessageEncoder, respondWith, type Session, type StreamListener, type WireError, type WireStream } from "@strand/wire";
import { compressionId } from "./compression-options.ts";
import { rpcErrorFromWire } from "./error-translation.ts";
import { connectionOf, type SocketChannel } from "./socket-channel.ts";
import { WebSocketChannel } from "./ws-channel.ts";

const noListener: ServerCallListener = { onMessage() {}, onHalfClose() {}, onCancel() {} };

/** `respond`'s options, one object for every call: the stream reads them before `respond` returns and keeps none of it. */
const respondOptions: { message: Uint8Array | undefined; trailers: Uint8Array | undefined } = { message: undefined, trailers: undefined };

/** One server call on one wire stream: the RPC layer's server transport call, 1:1. */
export class WireServerCall implements ServerTransportCall, StreamListener {
  private listener: ServerCallListener = noListener;

  /**
   * @param draining the listener's signal, aborted when the server starts closing (`ctx.draining`)
   * @param hold for `unref` servers, the connection to keep ref'd while this call runs
   */
  constructor(
    private readonly stream: WireStream,
    private readonly session: Session,
    readonly draining: AbortSignal,
    private hold: SocketChannel | undefined,
  ) {
    hold?.retain();
    stream.holdSlot(); // counted against the connection's concurrency limit until `finished`
  }

  /** The RPC layer is done with the call (its handler returned, or none ran): its concurrency slot is free. */
  finished(): void {
    this.stream.releaseSlot();
  }

  /** The handler started: from now on a reset by the client cancels work under way, not a premature reset. */
  started(): void {
    this.stream.started();
  }

  /** The request head; read by the acceptor before `attach`, which releases it. */
  get head(): Uint8Array {
    return this.stream.peerHeaders!;
  }

  /** Computed (and cached by the connection) only when a handler reads `ctx.peer`: idle connections keep no address strings. */
  get peer(): string {
    return this.session.peerAddress ?? "unknown";
  }

  /** The client's verified certificate, recorded once per connection at its TLS handshake. */
  get peerCertificate(): PeerCertificate | undefined {
    return connectionOf(this.session)?.peerCertificate;
  }

  /** Calls over WebSocket: the HTTP request the connection was upgraded from. */
  get upgradeRequest(): UpgradeRequest | undefined {
    const channel = this.session.channel;
    return channel instanceof WebSocketChannel ? channel.upgradeRequest : undefined;
  }

  /** Connects the RPC layer's listener and starts receiving. */
  attach(listener: ServerCallListener): void {
    this.listener = listener;
    this.stream.releaseHeaders(); // decoded by now; a long call must not pin the read it came in
    this.stream.listen(this);
  }

  request(n: number): void {
    this.stream.request(n);
  }

  sendHeaders(block: Uint8Array, message?: Uint8Array): Promise<void> | undefined {
    respondOptions.message = message;
    try {
      this.stream.respond(block, respondOptions);
    } catch {
      // The stream already failed (the listener has been told) or the message is over the
      // client's limit: fail the stream so the client learns why.
      this.stream.reset(ErrorCode.MessageTooLarge, "response message over the client's limit");
    } finally {
      respondOptions.message = undefined; // the shared object must not keep the message alive
    }
    return undefined;
  }

  /** A whole response queued at once: one frame to a client that takes it (WITH_TRAILERS). Refused by the stream's checks, it goes the long way, which reports why. */
  respond(block: Uint8Array, message: Uint8Array, trailers: Uint8Array): void {
    respondOptions.message = message;
    respondOptions.trailers = trailers;
    let queued = false;
    try {
      this.stream.respond(block, respondOptions);
      queued = true;
    } catch {
      // Nothing was queued (the stream checks before it changes): headers, message and trailers one by one.
    } finally {
      respondOptions.message = respondOptions.trailers = undefined; // the shared object must not keep them alive
    }
    if (!queued) {
      this.sendHeaders(block, message);
      return this.close(trailers);
    }
    this.done();
  }

  /** The stream arrived alone on its session (`arrivedAlone` of `@strand/wire`): an answer made now may be sent at once. */
  get arrivedAlone(): boolean { return arrivedAlone(this.stream); }

  /** {@link respond} with the message `encoder` writes straight into the answer's frame (`respondWith` of `@strand/wire`); false, having sent nothing, when the session cannot take it that way now. */
  respondWith<T>(block: Uint8Array, encoder: MessageEncoder<T>, message: T, trailers: Uint8Array): boolean {
    if (!respondWith(this.stream, block, encoder, message, trailers)) return false;
    this.done();
    return true;
  }

  /** `ctx.setCompression`: this call's responses from now on (the server's `compression` was the stream's start). */
  setCompression(compression: Compression): void {
    this.stream.compression = compressionId(compression);
  }

  send(message: Uint8Array): Promise<void> | undefined {
    return this.stream.write(message);
  }

  sendWith<T>(encoder: MessageEncoder<T>, message: T): Promise<void> | undefined {
    return this.stream.writeWith(encoder, message);
  }

  close(trailers: Uint8Array): void {
    try {
      this.stream.end(trailers);
    } catch {
      this.stream.reset(ErrorCode.InternalError, "trailers could not be sent");
    }
    this.done();
  }

  reset(): void {
    this.stream.reset(ErrorCode.Cancel, "call cancelled by the server");
    this.done();
  }

  onHeaders(): void {}

  onMessage(bytes: Uint8Array, start: number, end: number): void {
    this.listener.onMessage(bytes, start, end);
  }

  onEnd(): void {
    this.listener.onHalfClose();
  }

  onError(error: WireError): void {
    this.done();
    this.listener.onCancel(rpcErrorFromWire(error));
  }

  /** The call is over for us: an unref'd connection may let the process go again. */
  private done(): void {
    this.hold?.release();
    this.hold = undefined;
  }
}
