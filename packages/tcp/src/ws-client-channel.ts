import type { ByteChannel, Session } from "@strand/wire";
import { WS_MAX_MESSAGE_BYTES } from "./ws-channel.ts";

/** Send-side backpressure: above this many bytes in `bufferedAmount`, writes wait. */
const HIGH_WATER_BYTES = 1024 * 1024;
/** The standard `WebSocket` has no drain event: while congested, `bufferedAmount` is polled this often (ms). */
const DRAIN_POLL_MS = 5;

/**
 * A client's WebSocket as a wire {@link ByteChannel}, on the standard `WebSocket` API (browsers
 * and Bun alike). Writes go out as binary messages of at most `WS_MAX_MESSAGE_BYTES`; once
 * `bufferedAmount` passes a high-water mark the channel takes nothing more (the session keeps its
 * bytes) until it falls again, so a slow network slows the sender instead of growing the buffer.
 * Receive-side backpressure is the wire's own flow control: the server sends no more than the
 * windows this session grants.
 */
export class WebSocketClientChannel implements ByteChannel {
  session: Session | undefined;
  private poll: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  constructor(
    private readonly ws: WebSocket,
    readonly peer: string,
  ) {}

  bind(session: Session): void {
    this.session = session;
  }

  write(bytes: Uint8Array): number {
    if (this.closed || this.ws.readyState !== 1) return -1;
    if (this.ws.bufferedAmount >= HIGH_WATER_BYTES) {
      this.waitForDrain();
      return 0;
    }
    // send() copies the bytes (the session may reuse its buffer once write returns).
    for (let at = 0; at < bytes.length; at += WS_MAX_MESSAGE_BYTES) {
      this.ws.send(at === 0 && bytes.length <= WS_MAX_MESSAGE_BYTES ? bytes : bytes.subarray(at, Math.min(bytes.length, at + WS_MAX_MESSAGE_BYTES)));
    }
    return bytes.length;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.poll);
    this.ws.close(1000);
  }

  /** The socket closed (either side): stops polling. */
  closedByPeer(): void {
    this.closed = true;
    clearTimeout(this.poll);
  }

  private waitForDrain(): void {
    if (this.poll !== undefined) return;
    const check = (): void => {
      this.poll = undefined;
      if (this.closed) return;
      if (this.ws.bufferedAmount >= HIGH_WATER_BYTES / 2) {
        this.poll = setTimeout(check, DRAIN_POLL_MS);
        return;
      }
      this.session?.drain();
    };
    this.poll = setTimeout(check, DRAIN_POLL_MS);
  }
}
