import type { Socket, SocketHandler } from "bun";
import { Session, type SessionOptions } from "@strand/wire";
import { type ConnectionData, SocketChannel } from "./socket-channel.ts";

/** Options of {@link createSocketHandler}. */
export interface SocketHandlerOptions {
  /** The session options for a socket that is ready for the wire. */
  readonly sessionOptions: (socket: Socket<ConnectionData>) => SessionOptions;
  /** A session was created for `socket`. */
  readonly onSession: (session: Session, socket: Socket<ConnectionData>) => void;
  /**
   * TLS dialers: create the session only once the handshake succeeded, and report a failed one
   * (e.g. an untrusted certificate) through `onFailure`. Without a `handshake` handler Bun opens
   * TLS sockets after the handshake even when verification failed, so the preface — and maybe a
   * request — would go to a server we do not trust before the socket closes. Default false.
   */
  readonly awaitHandshake?: boolean;
  /** The socket failed or closed before any session was created (dialers reject the connect). */
  readonly onFailure?: (error: Error, socket: Socket<ConnectionData>) => void;
}

/**
 * Builds the one handler object shared by every socket of a listener or dialer: each event is
 * forwarded to the session in `socket.data`, created when the socket is ready (on open, or after
 * the TLS handshake for TLS dialers).
 */
export function createSocketHandler(options: SocketHandlerOptions): SocketHandler<ConnectionData> {
  const startSession = (socket: Socket<ConnectionData>): void => {
    const session = new Session(socket.data, options.sessionOptions(socket));
    socket.data.session = session;
    options.onSession(session, socket);
  };
  const failed = (socket: Socket<ConnectionData>, error: Error): void => {
    const data = state(socket);
    if (data.failed) return;
    data.failed = true;
    options.onFailure?.(error, socket);
  };
  const handler: SocketHandler<ConnectionData> = {
    // Plain Uint8Array chunks (cheaper than Buffer); the session only needs Uint8Array.
    binaryType: "uint8array",
    open(socket) {
      socket.setNoDelay?.(true);
      socket.data = new SocketChannel(socket);
      if (options.awaitHandshake !== true) startSession(socket);
    },
    data(socket, chunk) {
      socket.data.session?.receive(chunk);
    },
    drain(socket) {
      socket.data.session?.drain();
    },
    end(socket) {
      // Strand does not use TCP half-close: the peer's FIN means the connection is over.
      if (state(socket).session === undefined) failed(socket, new Error("peer closed the connection before it was ready"));
      socket.data.session?.channelClosed(new Error("peer closed the connection"));
      socket.end();
    },
    close(socket, error) {
      if (state(socket).session === undefined) failed(socket, error ?? new Error("connection closed before it was ready"));
      socket.data.session?.channelClosed(error);
    },
    error(socket, error) {
      if (state(socket).session === undefined) failed(socket, error);
      socket.data.session?.channelClosed(error);
    },
  };
  if (options.awaitHandshake === true) {
    handler.handshake = (socket, success, authorizationError) => {
      const data = state(socket);
      if (success && data.session === undefined && !data.failed) return startSession(socket);
      failed(socket, authorizationError ?? new Error("TLS handshake failed"));
      socket.end();
    };
  }
  return handler;
}

/** The socket's state, created if an event arrives before `open` (e.g. a failed TLS dial). */
function state(socket: Socket<ConnectionData>): ConnectionData {
  return (socket.data ??= new SocketChannel(socket));
}
