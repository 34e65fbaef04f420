import type { ServerWebSocket } from "bun";
import type { UpgradeRequest } from "@strand/rpc";
import type { ByteChannel, Session } from "@strand/wire";

/**
 * The largest WebSocket message either side sends. A session's write may be larger (it writes up
 * to a round of frames at once); it is cut into messages of at most this many bytes, because the
 * receiver's `maxPayloadLength` is this (plus nothing: message boundaries mean nothing to the
 * byte stream, see PROTOCOL.md "Strand over WebSocket"). 256 KiB: a few 16 KiB frames' worth of
 * room for batching, while one message stays far below any buffer limit.
 */
export const WS_MAX_MESSAGE_BYTES = 256 * 1024;

/** The WebSocket subprotocol Strand speaks (`Sec-WebSocket-Protocol`). */
export const WS_SUBPROTOCOL = "strand";

/**
 * One server-side WebSocket connection as a wire {@link ByteChannel} (kept in `ws.data`, like
 * `SocketChannel` in `socket.data`). Bun's `ws.send` takes a whole message and answers how it
 * went: bytes sent; −1 — queued behind backpressure (sent later: stop writing until `drain`); 0 —
 * dropped (the send buffer was over `backpressureLimit`): bytes are lost, so the connection fails.
 */
export class WebSocketChannel implements ByteChannel {
  session: Session | undefined;
  private ws: ServerWebSocket<WebSocketChannel> | undefined;
  /** A send was queued behind backpressure: write nothing more until `drain`. */
  private congested = false;
  private closed = false;

  constructor(
    /** The HTTP request this connection was upgraded from (for `ctx.upgradeRequest`). */
    readonly upgradeRequest: UpgradeRequest,
    /** The client's address as `host:port`, from the upgrade. */
    readonly peer: string,
  ) {}

  /** The socket is open: binds it and the session made for it. */
  attach(ws: ServerWebSocket<WebSocketChannel>, session: Session): void {
    this.ws = ws;
    this.session = session;
  }

  write(bytes: Uint8Array): number {
    const ws = this.ws;
    if (ws === undefined || this.closed) return -1;
    if (this.congested) return 0;
    let written = 0;
    while (written < bytes.length) {
      const end = Math.min(bytes.length, written + WS_MAX_MESSAGE_BYTES);
      const sent = ws.send(written === 0 && end === bytes.length ? bytes : bytes.subarray(written, end), false);
      if (sent === 0) {
        // Dropped: what the session believes sent is not, and the stream of bytes is broken.
        this.fail(1011, "send buffer full: message dropped");
        return -1;
      }
      written = end;
      if (sent === -1) {
        this.congested = true;
        break;
      }
    }
    return written;
  }

  /** Bun's `drain`: the socket's send buffer emptied; the session writes what it holds back. */
  drained(): void {
    this.congested = false;
    this.session?.drain();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.ws?.close(1000, "");
  }

  /** Closes with a WebSocket close code (1002 protocol error, 1003 text message, 1011 internal). */
  fail(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.ws?.close(code, reason);
  }
}
