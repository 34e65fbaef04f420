import type { ServerCallListener, ServerTransportCall } from "@strand/rpc";
import { ErrorCode, type MessageEncoder, type Session, type StreamListener, type WireError, type WireStream } from "@strand/wire";
import { rpcErrorFromWire } from "./error-translation.ts";

const noListener: ServerCallListener = { onMessage() {}, onHalfClose() {}, onCancel() {} };

/** One server call on one wire stream: the RPC layer's server transport call, 1:1. */
export class WireServerCall implements ServerTransportCall, StreamListener {
  private listener: ServerCallListener = noListener;

  constructor(
    private readonly stream: WireStream,
    private readonly session: Session,
  ) {}

  /** The request head; read by the acceptor before `attach`, which releases it. */
  get head(): Uint8Array {
    return this.stream.peerHeaders!;
  }

  /** Computed (and cached by the connection) only when a handler reads `ctx.peer`: idle connections keep no address strings. */
  get peer(): string {
    return this.session.peerAddress ?? "unknown";
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
    try {
      this.stream.respond(block, { message });
    } catch {
      // The stream already failed (the listener has been told) or the message is over the
      // client's limit: fail the stream so the client learns why.
      this.stream.reset(ErrorCode.MessageTooLarge, "response message over the client's limit");
    }
    return undefined;
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
  }

  reset(): void {
    this.stream.reset(ErrorCode.Cancel, "call cancelled by the server");
  }

  onHeaders(): void {}

  onMessage(bytes: Uint8Array, start: number, end: number): void {
    this.listener.onMessage(bytes, start, end);
  }

  onEnd(): void {
    this.listener.onHalfClose();
  }

  onError(error: WireError): void {
    this.listener.onCancel(rpcErrorFromWire(error));
  }
}
