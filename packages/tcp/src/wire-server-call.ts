import type { ServerCallListener, ServerTransportCall } from "@strand/rpc";
import { ErrorCode, type StreamListener, type WireError, type WireStream } from "@strand/wire";
import { rpcErrorFromWire } from "./error-translation.ts";

const noListener: ServerCallListener = { onMessage() {}, onHalfClose() {}, onCancel() {} };

/**
 * One server call on one wire stream. Response headers are held until the first message (or the
 * end of the current microtask turn), so a unary response's headers and message share a frame.
 */
export class WireServerCall implements ServerTransportCall, StreamListener {
  readonly head: Uint8Array;
  private listener: ServerCallListener = noListener;
  private heldHeaders: Uint8Array | undefined;

  constructor(
    private readonly stream: WireStream,
    readonly peer: string,
  ) {
    this.head = stream.peerHeaders!;
  }

  /** Connects the RPC layer's listener and starts receiving. */
  attach(listener: ServerCallListener): void {
    this.listener = listener;
    this.stream.listen(this);
  }

  request(n: number): void {
    this.stream.request(n);
  }

  sendHeaders(block: Uint8Array): void {
    this.heldHeaders = block;
    queueMicrotask(this.flushHeaders);
  }

  send(message: Uint8Array): Promise<void> | undefined {
    const headers = this.heldHeaders;
    if (headers === undefined) return this.stream.write(message);
    this.heldHeaders = undefined;
    try {
      this.stream.respond(headers, { message });
    } catch {
      // The stream already failed (the listener has been told) or the message is over the
      // client's limit: fail the stream so the client learns why.
      this.stream.reset(ErrorCode.MessageTooLarge, "response message over the client's limit");
    }
    return undefined;
  }

  close(trailers: Uint8Array): void {
    this.flushHeaders();
    try {
      this.stream.end(trailers);
    } catch {
      this.stream.reset(ErrorCode.InternalError, "trailers could not be sent");
    }
  }

  reset(): void {
    this.heldHeaders = undefined;
    this.stream.reset(ErrorCode.Cancel, "call cancelled by the server");
  }

  onHeaders(): void {}

  onMessage(message: Uint8Array): void {
    this.listener.onMessage(message);
  }

  onEnd(): void {
    this.listener.onHalfClose();
  }

  onError(error: WireError): void {
    this.listener.onCancel(rpcErrorFromWire(error));
  }

  private readonly flushHeaders = (): void => {
    const headers = this.heldHeaders;
    if (headers === undefined) return;
    this.heldHeaders = undefined;
    try {
      this.stream.respond(headers);
    } catch {
      // The stream already failed; the listener has been told.
    }
  };
}
