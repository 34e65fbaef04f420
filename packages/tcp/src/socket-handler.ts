import type { Socket, SocketHandler, TLSOptions } from "bun";
import type { PeerCertificate } from "@strand/rpc";
import { Session, type SessionOptions } from "@strand/wire";
import { type ConnectionData, SocketChannel } from "./socket-channel.ts";
import { requestsClientCertificate, requiresClientCertificate } from "./tls-options.ts";

/** Options of {@link createSocketHandler}. */
export interface SocketHandlerOptions {
  /** The session options for a socket that is ready for the wire. */
  readonly sessionOptions: (socket: Socket<ConnectionData>) => SessionOptions;
  /** A connection is ready for calls (see `ConnectionPhase`). */
  readonly onSession: (session: Session, socket: Socket<ConnectionData>) => void;
  /**
   * TLS sockets: create the session only once the handshake succeeded (Bun calls `open` when the
   * handshake ends, also when it failed, and lets a TLS socket open even when verification
   * failed, so without this the preface — and maybe a request — would go to a peer we do not
   * trust before the socket closes). `"client"` (dialers) then reports the connection ready only
   * once the server sent its first bytes, and reports a failed handshake (an untrusted
   * certificate) or a server that hangs up first (it refused our client certificate) through
   * `onFailure`, with the reason. `"server"` applies {@link serverTls}'s client-certificate policy.
   * Absent: plain TCP or unix socket, ready at `open`.
   */
  readonly tls?: "client" | "server";
  /** The socket failed or closed before it was ready (dialers reject the connect). */
  readonly onFailure?: (error: Error, socket: Socket<ConnectionData>) => void;
  /** TCP keep-alive delay set on each socket; 0 or absent: off (unix sockets). Milliseconds. */
  readonly tcpKeepAliveMs?: number;
  /** Unref each connection once ready; `SocketChannel.retain` refs it while it carries calls. */
  readonly unref?: boolean;
  /**
   * TLS servers: the options new connections are served with, read at each handshake. When they
   * request a client certificate, an unverified client is refused (unless `rejectUnauthorized`
   * is false) and a verified one is recorded as the connection's `peerCertificate`.
   */
  readonly serverTls?: () => TLSOptions;
  /** Servers: false once the listener closed; a socket whose TLS handshake ends after that is closed. */
  readonly accepting?: () => boolean;
}

/**
 * Builds the one handler object shared by every socket of a listener or dialer: each event is
 * forwarded to the session in `socket.data`, created when the socket is ready (on open, or after
 * a successful TLS handshake for TLS sockets).
 */
export function createSocketHandler(options: SocketHandlerOptions): SocketHandler<ConnectionData> {
  const startSession = (socket: Socket<ConnectionData>): Session => {
    const session = new Session(socket.data, options.sessionOptions(socket));
    socket.data.bind(session);
    return session;
  };
  const ready = (socket: Socket<ConnectionData>, session: Session): void => {
    socket.data.phase = "ready";
    if (options.unref === true) socket.unref();
    options.onSession(session, socket);
  };
  const failed = (socket: Socket<ConnectionData>, error: Error): void => {
    const data = state(socket);
    if (data.phase === "ready" || data.phase === "failed") return;
    data.phase = "failed";
    options.onFailure?.(error, socket);
  };
  const handler: SocketHandler<ConnectionData> = {
    // Plain Uint8Array chunks (cheaper than Buffer); the session only needs Uint8Array.
    binaryType: "uint8array",
    open(socket) {
      socket.setNoDelay?.(true);
      if (options.tcpKeepAliveMs !== undefined && options.tcpKeepAliveMs > 0) socket.setKeepAlive(true, options.tcpKeepAliveMs);
      socket.data = new SocketChannel(socket);
      if (options.tls === undefined) {
        if (options.accepting?.() === false) return void socket.end();
        ready(socket, startSession(socket));
      }
    },
    data(socket, chunk) {
      const data = socket.data;
      const session = data.session;
      if (session === undefined) return;
      session.receive(chunk);
      if (data.phase === "secured") ready(socket, session);
    },
    drain(socket) {
      socket.data.session?.drain();
    },
    end(socket) {
      // Strand does not use TCP half-close: the peer's FIN means the connection is over.
      if (state(socket).phase !== "ready") failed(socket, new Error(socket.data.phase === "secured" ? REFUSED_BY_SERVER : "peer closed the connection before it was ready"));
      socket.data.session?.channelClosed(new Error("peer closed the connection"));
      socket.end();
    },
    close(socket, error) {
      if (state(socket).phase !== "ready") failed(socket, error ?? new Error(socket.data.phase === "secured" ? REFUSED_BY_SERVER : "connection closed before it was ready"));
      socket.data.session?.channelClosed(error);
    },
    error(socket, error) {
      failed(socket, error);
      socket.data.session?.channelClosed(error);
    },
  };
  if (options.tls !== undefined) {
    const role = options.tls;
    handler.handshake = (socket, success, authorizationError) => {
      const data = state(socket);
      if (!success || data.phase !== "opening") {
        failed(socket, authorizationError ?? new Error("TLS handshake failed"));
        return void socket.end();
      }
      if (role === "client") {
        data.phase = "secured";
        startSession(socket); // our preface goes out now; the server's answer makes us ready
        return;
      }
      if (options.accepting?.() === false || !admitClient(socket, data, options.serverTls?.(), authorizationError)) return void socket.end();
      ready(socket, startSession(socket));
    };
  }
  return handler;
}

/** Why a TLS dialer failed when the server hung up between its handshake and its first bytes. */
const REFUSED_BY_SERVER = "the server closed the TLS connection before accepting it (does it trust our client certificate?)";

/**
 * A TLS server's client-certificate policy, at the handshake: without `requestCert` anyone is
 * admitted; with it, a client whose certificate did not verify is refused unless
 * `rejectUnauthorized` is false, and a verified certificate is recorded for `ctx.peerCertificate`.
 */
function admitClient(socket: Socket<ConnectionData>, data: ConnectionData, tls: TLSOptions | undefined, authorizationError: Error | null): boolean {
  if (!requestsClientCertificate(tls)) return true;
  const verified = authorizationError === null && socket.authorized;
  if (!verified && requiresClientCertificate(tls)) return false;
  data.peerCertificate = verified ? verifiedCertificate(socket) : undefined;
  return true;
}

/** The socket's state, created if an event arrives before `open` (e.g. a failed TLS dial). */
function state(socket: Socket<ConnectionData>): ConnectionData {
  return (socket.data ??= new SocketChannel(socket));
}

/** Bun's `getPeerCertificate()` gives `{}` when the peer sent none. */
function verifiedCertificate(socket: Socket<ConnectionData>): PeerCertificate | undefined {
  const certificate = socket.getPeerCertificate() as unknown as PeerCertificate | null;
  return certificate === null || Object.keys(certificate).length === 0 ? undefined : certificate;
}
