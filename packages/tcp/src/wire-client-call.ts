import { Code, RpcError, type CancelReason, type ClientCallListener, type ClientTransportCall } from "@strand/rpc/client";
import { ErrorCode, type StreamListener, type WireError, type WireStream } from "@strand/wire";
import { isNotProcessed, rpcErrorFromWire } from "./error-translation.ts";
import type { SocketChannel } from "./socket-channel.ts";

/**
 * One client call on one wire stream: adapts the stream's push-mode events to the RPC layer's
 * listener, 1:1 (transport.ts in @strand/rpc documents the mapping).
 */
export class WireClientCall implements ClientTransportCall, StreamListener {
  /** @param hold for `unref` channels, the connection to keep ref'd while this call runs */
  constructor(
    private readonly stream: WireStream,
    private readonly listener: ClientCallListener,
    private hold?: SocketChannel,
  ) {
    hold?.retain();
    stream.listen(this);
  }

  request(n: number): void {
    this.stream.request(n);
  }

  send(message: Uint8Array): Promise<void> | undefined {
    return this.stream.write(message);
  }

  end(): void {
    this.stream.end();
  }

  cancel(reason: CancelReason = "cancel"): void {
    this.done();
    if (reason === "deadline") this.stream.reset(ErrorCode.DeadlineExceeded, "the client's deadline passed");
    else this.stream.reset(ErrorCode.Cancel, "call cancelled by the client");
  }

  onHeaders(block: Uint8Array, endStream: boolean): void {
    // Trailers-only responses are reported once, as trailers, by onEnd.
    if (!endStream) {
      this.listener.onHeaders(block);
      this.stream.releaseHeaders(); // decoded: a long stream must not pin the read it came in
    }
  }

  onMessage(bytes: Uint8Array, start: number, end: number): void {
    this.listener.onMessage(bytes, start, end);
  }

  onEnd(trailers: Uint8Array | undefined): void {
    // The server is done; if we are still sending, stop (as HTTP/2 clients do on early trailers).
    this.stream.reset(ErrorCode.NoError, "response complete");
    this.done();
    if (trailers !== undefined) this.listener.onTrailers(trailers);
    else this.listener.onError(new RpcError(Code.Internal, "server ended the stream without trailers"), false);
  }

  onError(error: WireError): void {
    this.done();
    this.listener.onError(rpcErrorFromWire(error), isNotProcessed(error));
  }

  /** The call is over for us: an unref'd connection may let the process go again. */
  private done(): void {
    this.hold?.release();
    this.hold = undefined;
  }
}
