/**
 * What every peer's client side offers the loads: one connection that can run unary echoes, a
 * server stream and a bidirectional stream. Loads are written once against this interface, so
 * every peer runs exactly the same measuring code. Node-compatible.
 */

/** A running server stream. */
export interface PumpHandle {
  /** Cancels the stream (the normal way a pump ends). */
  stop(): void;
  /** Settles when the stream is over; rejects if it failed for another reason than `stop()`. */
  readonly done: Promise<void>;
}

/** One bidirectional stream used for ping-pong: a message out, its echo back. */
export interface ChatStream {
  roundTrip(payload: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

/** One established connection of a peer. */
export interface PeerConnection {
  /**
   * One unary call echoing `payload`; settles when it is answered (with whatever the peer's client
   * gives: the loads only wait). The peer's own promise, not one of ours around it, so the
   * load's client CPU is the peer's.
   */
  echo(payload: Uint8Array): Promise<unknown>;
  /** Starts a server stream of `size`-byte messages; `onMessage` runs per message received. */
  pump(size: number, onMessage: (bytes: number) => void): PumpHandle;
  /** Opens a bidirectional echo stream. */
  chat(): ChatStream;
  /** Closes the connection and everything on it. */
  close(): Promise<void>;
}

/** How a client worker obtains connections to the peer's server. */
export interface PeerDriver {
  /** Opens one connection; resolves once it is usable (handshake done, first call answered). */
  connect(): Promise<PeerConnection>;
}

/** Where a peer's server listens, as its `listening` event reported it. */
export interface ServerPorts {
  readonly port: number;
  /** The raw peer's one-way pump port. */
  readonly pumpPort?: number;
  /** Strand's WebSocket endpoint, e.g. `ws://127.0.0.1:40123/strand`. */
  readonly url?: string;
}
