import type { SocketHandler, TLSOptions } from "bun";
import { ErrorCode, verifyWireConfig, type Session, type SessionOptions, type WireConfigInput, type WireStream } from "@strand/wire";
import type { ConnectionEvents } from "./connection-events.ts";
import { listenerName } from "./connection-list.ts";
import { Admission, ConnectionBudget } from "./connection-limits.ts";
import { markOpened } from "./connection-opened.ts";
import { createSocketHandler } from "./socket-handler.ts";
import type { ConnectionData } from "./socket-channel.ts";
import { defaultSocketOptions } from "./socket-options.ts";
import { tlsUpgrader } from "./tls-upgrader.ts";
import { serverSessionOptions } from "./server-session-options.ts";

/** Where to listen: TCP host and port (0 picks a free port), or a unix socket path. */
export type ListenAddress = { readonly hostname?: string; readonly port: number } | { readonly unix: string };

/** Where a listener sends the streams peers open: `listener` is the one they arrived on. */
export type StreamRoute = (stream: WireStream, session: Session, listener: WireListener) => void;

/** Options of {@link listenWire}. */
export interface WireListenOptions {
  readonly address: ListenAddress;
  /** Wire limits and timers for every accepted session. */
  readonly config?: WireConfigInput | undefined;
  /** Bun TLS options (`key`, `cert`; `ca` + `requestCert` for mTLS); plain TCP when absent. */
  readonly tls?: TLSOptions | undefined;
  /** A peer opened a stream on one of the accepted sessions (`session.peerAddress` names the peer). */
  readonly onStream: StreamRoute;
  /** A connection was accepted and is ready. */
  readonly onSession?: (session: Session) => void;
  /** TCP keep-alive of accepted TCP connections (see `SocketOptions.tcpKeepAliveMs`). Milliseconds; 60,000; 0 off. */
  readonly tcpKeepAliveMs?: number | undefined;
  /** Unref the listener and idle connections (see `SocketOptions.unref`). Default false. */
  readonly unref?: boolean | undefined;
  /**
   * The connection and handshake limits this listener's connections count against, with the
   * counts (a server shares one among its listeners). Default: this listener's own, with the
   * default limits (10,000 connections, 1,024 handshakes).
   */
  readonly budget?: ConnectionBudget | undefined;
  /** Told of each connection's open and close and observes its sessions (totals, logs); a server shares one among its listeners. */
  readonly events?: ConnectionEvents | undefined;
}

/** A listening Strand endpoint. */
export interface WireListener {
  /** Bound TCP port (undefined for unix sockets). */
  readonly port: number | undefined;
  readonly hostname: string | undefined;
  /** True if it serves TLS. */
  readonly secure: boolean;
  /** Sessions currently open. */
  readonly sessions: ReadonlySet<Session>;
  /** Aborts when `close()` begins (GOAWAY goes out): the `ctx.draining` of calls on this listener. */
  readonly draining: AbortSignal;
  /** TLS listeners: connections accepted from now on use `tls`; open ones keep theirs. */
  updateTls(tls: TLSOptions): void;
  /**
   * Sends new streams — on new and on open connections — to `onStream`, serves new connections
   * with `config`, counts its connections against `budget` and reports them to `events` (hot reload).
   */
  retarget(onStream: StreamRoute, config?: WireConfigInput, budget?: ConnectionBudget, events?: ConnectionEvents): void;
  /**
   * Stops accepting connections. Graceful by default: every session gets GOAWAY and in-flight
   * streams finish; `force` closes everything at once.
   */
  close(options?: { readonly force?: boolean; readonly reason?: string }): Promise<void>;
  /** Force-closes, so `await using` in tests and scripts never leaks a listener. */
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Listens for Strand connections with `Bun.listen` (TCP, TLS or unix socket). A TLS listener
 * accepts plain sockets and upgrades each with the TLS options current at that moment, which is
 * what lets `updateTls` rotate certificates without a restart (Bun's native TLS listener fixes
 * its certificate at `listen`).
 */
export function listenWire(options: WireListenOptions): WireListener {
  const sessions = new Set<Session>();
  let route = options.onStream;
  let tls = options.tls;
  let closed = false;
  let events = options.events;
  let config = options.config;
  const drainController = new AbortController();
  // One options object (and one verified config) for every accepted session: an idle connection
  // then costs no closures of its own.
  const sessionOptionsFor = (): SessionOptions => serverSessionOptions(config, (stream, session) => route(stream, session, self), sessions, () => events, () => listenerName(self));
  let sessionOptions = sessionOptionsFor();
  const address = options.address;
  const admission = new Admission(options.budget ?? new ConnectionBudget());
  const handler = createSocketHandler({
    sessionOptions: () => sessionOptions,
    onSession(session) {
      sessions.add(session);
      markOpened(session);
      events?.opened(session, { listener: listenerName(self) });
      options.onSession?.(session);
    },
    tcpKeepAliveMs: "unix" in address ? 0 : (options.tcpKeepAliveMs ?? defaultSocketOptions.tcpKeepAliveMs),
    unref: options.unref === true,
    accepting: () => !closed,
    admission,
    ...(tls !== undefined ? { tls: "server" as const, serverTls: () => tls! } : {}),
  });
  // A TLS handshake gets as long as the SETTINGS exchange after it (keepaliveTimeoutMs).
  const handshakeTimeoutMs = verifyWireConfig(options.config).keepaliveTimeoutMs;
  const upgrader = tls === undefined ? undefined : tlsUpgrader(() => tls!, handler, handshakeTimeoutMs, admission);
  const socket = (upgrader?.handler ?? handler) as SocketHandler<ConnectionData>;
  const base = { socket, data: undefined as unknown as ConnectionData };
  const tcp = "unix" in address ? undefined : Bun.listen<ConnectionData>({ ...base, hostname: address.hostname ?? "127.0.0.1", port: address.port });
  const listener = tcp ?? Bun.listen<ConnectionData>({ ...base, unix: (address as { unix: string }).unix });
  if (options.unref === true) listener.unref();
  const self: WireListener = {
    port: tcp?.port,
    hostname: tcp?.hostname,
    secure: tls !== undefined,
    sessions,
    draining: drainController.signal,
    updateTls(next) {
      if (tls === undefined) throw new Error("this listener was started without tls: TLS cannot be switched on while it listens");
      tls = next;
    },
    retarget(onStream, nextConfig, budget, nextEvents) {
      route = onStream;
      if (nextConfig !== undefined) config = nextConfig;
      if (nextEvents !== undefined) events = nextEvents;
      if (nextConfig !== undefined || nextEvents !== undefined) sessionOptions = sessionOptionsFor();
      if (budget !== undefined) admission.moveTo(budget);
    },
    async close(closeOptions = {}) {
      closed = true;
      const force = closeOptions.force === true;
      const reason = closeOptions.reason ?? "server shutting down";
      if (!drainController.signal.aborted) drainController.abort(new Error(reason));
      listener.stop(force);
      const all = [...sessions];
      if (force) {
        upgrader?.closeHandshaking();
        for (const s of all) s.close();
      }
      await Promise.all(all.map((s) => s.goAway(ErrorCode.NoError, reason)));
    },
    async [Symbol.asyncDispose]() {
      await this.close({ force: true });
    },
  };
  return self;
}
