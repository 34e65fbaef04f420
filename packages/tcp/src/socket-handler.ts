import type { Socket, SocketHandler, TLSOptions } from "bun";
import type { PeerCertificate } from "@strand/rpc";
import { Session, type SessionOptions } from "@strand/wire";
import type { Admission } from "./connection-limits.ts";
import { SetupPacer } from "./setup-pacer.ts";
import { type ConnectionData, type ConnectionPhase, SocketChannel } from "./socket-channel.ts";
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
  /**
   * Servers: the connection and handshake limits (see `ConnectionLimits`). A plain socket is
   * admitted at open or turned away there — sent the refusal bytes and closed, with no session
   * built (TLS sockets are admitted by the upgrader, before their handshake). The handshake place
   * is given back once the client's first SETTINGS arrived or the connection failed first, the
   * connection place at close.
   */
  readonly admission?: Admission;
}

/**
 * Builds the one handler object shared by every socket of a listener or dialer: each event is
 * forwarded to the session in `socket.data`, created when the socket is ready (on open, or after
 * a successful TLS handshake for TLS sockets).
 */
export function createSocketHandler(options: SocketHandlerOptions): SocketHandler<ConnectionData> {
  const admission = options.admission;
  /** Where an accepted or dialled connection's phase changes: leaving the handshake gives its place back. */
  const enter = (data: ConnectionData, next: ConnectionPhase): void => {
    if (admission !== undefined && inHandshake(data.phase) && !inHandshake(next)) admission.handshakeOver();
    data.phase = next;
  };
  const startSession = (socket: Socket<ConnectionData>): Session => {
    const session = new Session(socket.data, options.sessionOptions(socket));
    socket.data.bind(session);
    return session;
  };
  const ready = (socket: Socket<ConnectionData>, session: Session): void => {
    // A server's connection serves from here on, but its handshake ends with the client's SETTINGS.
    enter(socket.data, admission === undefined ? "ready" : "greeting");
    if (options.unref === true) socket.unref();
    options.onSession(session, socket);
  };
  const failed = (socket: Socket<ConnectionData>, why: Error | string): void => {
    const data = state(socket);
    if (data.phase === "ready" || data.phase === "failed" || data.phase === "refused" || data.phase === "closed") return;
    enter(data, "failed");
    options.onFailure?.(typeof why === "string" ? new Error(why) : why, socket);
  };
  /** Servers, plain sockets: turned away at open (closing listener, or a limit) with nothing built for them. */
  const turnedAway = (socket: Socket<ConnectionData>): boolean => {
    const refused = options.accepting?.() === false ? "closing" : admission?.admit();
    if (refused === undefined) return false;
    const data = (socket.data = new SocketChannel(socket));
    data.phase = "refused"; // never admitted: no place to give back (so not through `enter`)
    if (refused !== "closing") socket.write(admission!.refusal(refused));
    socket.end();
    return true;
  };
  const keepAliveMs = options.tcpKeepAliveMs ?? 0;
  /** Servers, plain sockets: sessions set up per turn are paced; a socket that waits is paused meanwhile. */
  const pacer = admission === undefined ? undefined : new SetupPacer<Socket<ConnectionData>>((socket) => {
    if (socket.data.phase !== "opening") return; // closed while it waited
    ready(socket, startSession(socket));
    socket.resume();
  });
  const handler: SocketHandler<ConnectionData> = {
    // Plain Uint8Array chunks (cheaper than Buffer); the session only needs Uint8Array.
    binaryType: "uint8array",
    // No setNoDelay: Bun (uSockets) sets TCP_NODELAY on every accepted and dialled socket already.
    open(socket) {
      if (options.tls === undefined && turnedAway(socket)) return;
      // Servers set TCP keep-alive (4 system calls) once the handshake is over, so connections that
      // never get that far cost none; until then the SETTINGS deadline finds a vanished client.
      if (keepAliveMs > 0 && admission === undefined) socket.setKeepAlive(true, keepAliveMs);
      socket.data ??= new SocketChannel(socket); // TLS server sockets got theirs from the upgrader
      if (options.tls !== undefined) return;
      if (pacer === undefined || pacer.admit(socket)) ready(socket, startSession(socket));
      else socket.pause(); // its preface waits in the kernel until its turn
    },
    data(socket, chunk) {
      const data = socket.data;
      const session = data.session;
      if (session === undefined) return;
      session.receive(chunk);
      const phase = data.phase;
      if (phase === "secured") ready(socket, session);
      else if (phase === "greeting" && session.peerSettingsReceived) {
        enter(data, "ready");
        if (keepAliveMs > 0) socket.setKeepAlive(true, keepAliveMs);
      }
    },
    drain(socket) {
      socket.data.session?.drain();
    },
    end(socket) {
      // Strand does not use TCP half-close: the peer's FIN means the connection is over.
      const data = state(socket);
      if (data.phase !== "ready") failed(socket, data.phase === "secured" ? REFUSED_BY_SERVER : "peer closed the connection before it was ready");
      data.session?.channelClosed(PEER_CLOSED);
      socket.end();
    },
    close(socket, error) {
      const data = state(socket);
      if (data.phase === "closed") return;
      if (data.phase !== "ready") failed(socket, error ?? (data.phase === "secured" ? REFUSED_BY_SERVER : "connection closed before it was ready"));
      data.session?.channelClosed(error);
      if (admission !== undefined && data.phase !== "refused") admission.connectionOver();
      enter(data, "closed");
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
        failed(socket, handshakeFailure(authorizationError));
        return void socket.end();
      }
      if (role === "client") {
        enter(data, "secured");
        startSession(socket); // our preface goes out now; the server's answer makes us ready
        return;
      }
      if (options.accepting?.() === false || !admitClient(socket, data, options.serverTls?.(), authorizationError)) return void socket.end();
      ready(socket, startSession(socket));
    };
  }
  return handler;
}

/** Whether `phase` is part of a server connection's handshake (bounded by `maxHandshakes`). */
function inHandshake(phase: ConnectionPhase): boolean {
  return phase === "opening" || phase === "greeting";
}

/** The cause every session closed by its peer's FIN reports: one shared object, not an Error (and its stack) per connection. */
const PEER_CLOSED = new Error("peer closed the connection");

/** Why a TLS dialer failed when the server closed the connection during the handshake (what a server at its limits does). */
const SERVER_CLOSED_HANDSHAKE = "the server closed the connection during the TLS handshake (is it at its connection or handshake limit?)";

/** A failed TLS handshake's error: the server hanging up mid-handshake is named as such. */
function handshakeFailure(error: Error | null): Error | string {
  if (error === null) return "TLS handshake failed";
  return (error as { code?: unknown }).code === "ECONNRESET" ? new Error(SERVER_CLOSED_HANDSHAKE, { cause: error }) : error;
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
