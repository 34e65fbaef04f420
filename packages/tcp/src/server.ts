import type { TLSOptions } from "bun";
import { Dispatcher, Router, type ServerOptions as RpcServerOptions, type ServiceDescriptor, type ServiceHandlers } from "@strand/rpc";
import { ErrorCode, verifyWireConfig, WireError, type Session, type WireConfig, type WireConfigInput, type WireStream } from "@strand/wire";
import { MAX_TIMER_MS, verifyDurationMs, type ServerCloseOptions } from "./close-options.ts";
import { compressionConfig, type CompressionOptions } from "./compression-options.ts";
import { ConnectionEvents, type ConnectionTotals } from "./connection-events.ts";
import { addConnectionFigures, emptyConnectionFigures, type ConnectionFigures } from "./connection-figures.ts";
import { describeConnections, describeListeners, type ConnectionInfo, type ListenerInfo } from "./connection-list.ts";
import { ConnectionBudget, verifyConnectionLimits, type ConnectionLimits } from "./connection-limits.ts";
import { lifecycleEnabled, verifyConnectionLifecycle, type ConnectionLifecycle } from "./connection-lifecycle.ts";
import { ConnectionSweep } from "./connection-sweep.ts";
import { claimHotListener, earlierHotListener, forgetHotListener, hotKey, hotReloadActive, recordHotListener } from "./hot-listeners.ts";
import { connectionOf } from "./socket-channel.ts";
import { verifySocketOptions, type SocketOptions } from "./socket-options.ts";
import { verifyServerTls } from "./tls-options.ts";
import { listenWire, type ListenAddress, type WireListener } from "./wire-listener.ts";
import { createWebSocketEndpoint, type WebSocketAccessOptions, type WebSocketEndpoint } from "./ws-endpoint.ts";
import { listenWebSocket, type WebSocketAddress } from "./ws-listener.ts";
import { WireServerCall } from "./wire-server-call.ts";

/** Options of {@link createServer}. */
export interface ServerOptions extends Partial<RpcServerOptions>, Partial<SocketOptions>, Partial<ConnectionLimits>, Partial<ConnectionLifecycle>, CompressionOptions {
  /** Wire limits and timers for accepted connections (see `WireConfig`); checked here, at construction. */
  readonly wire?: WireConfigInput;
  /**
   * Bun TLS options: serve TLS instead of plain TCP. `key` and `cert` are required (checked at
   * construction); mTLS adds `ca` (the CAs client certificates must chain to) and
   * `requestCert: true` — clients without a certificate that verifies are then refused, unless
   * `rejectUnauthorized: false` — and handlers see the client's certificate as
   * `ctx.peerCertificate`. `updateTls` replaces them for new connections.
   */
  readonly tls?: TLSOptions;
  /**
   * How long a graceful `close()` lets in-flight calls run after GOAWAY before cancelling them.
   * Milliseconds; 30,000. gRPC: the grace period of `GracefulStop` with a timeout.
   */
  readonly gracePeriodMs?: number;
}

/** Where a server is listening. */
export interface BoundAddress {
  readonly hostname?: string;
  readonly port?: number;
  readonly unix?: string;
  /** WebSocket listeners: the URL clients connect to, e.g. `"ws://127.0.0.1:8080/strand"`. */
  readonly url?: string;
}

/** What `listen` takes: a TCP address, a unix socket, or a standalone WebSocket listener. */
export type ServerListenAddress = ListenAddress | { readonly websocket: WebSocketAddress };

/** A Strand server: register services, listen on one or more addresses, close gracefully. */
export interface Server extends AsyncDisposable {
  /**
   * Registers a service's handlers. Calling it again for the same service swaps the handlers for
   * new calls without dropping connections or in-flight calls.
   */
  add<S extends ServiceDescriptor>(service: S, handlers: Partial<ServiceHandlers<S>>): this;
  /**
   * Starts listening; `port: 0` picks a free port, which the result reports. Under `bun --hot`,
   * listening again on an address the previous evaluation of the module listened on takes over
   * that listener (same port, open connections kept) instead of failing with EADDRINUSE.
   */
  listen(address: ServerListenAddress): Promise<BoundAddress>;
  /**
   * Strand over WebSocket on your own `Bun.serve`, so one port serves a web app and its API: the
   * endpoint's `handles(request)` picks its requests, `fetch(request, server)` upgrades them (after
   * the origin and `authorize` checks) and `websocket` goes to `Bun.serve({ websocket })`. Its
   * connections serve this server's services and count against its limits; `close()` drains them.
   */
  webSocket(options?: WebSocketAccessOptions): WebSocketEndpoint;
  /**
   * Certificate rotation: connections accepted from now on use `key`, `cert` (and `ca`, for
   * client certificates, if given; other TLS options stay) while open connections continue with
   * the pair they started with. Checked like the `tls` option; only for servers created with `tls`.
   */
  updateTls(tls: { readonly key: TLSOptions["key"]; readonly cert: TLSOptions["cert"]; readonly ca?: TLSOptions["ca"] }): Promise<void>;
  /**
   * Graceful by default: GOAWAY to every connection (`ctx.draining` aborts), new calls refused,
   * in-flight calls finish within the grace period (`gracePeriodMs`: this call's, else the
   * server's) and are cancelled after it. Calling it again while a graceful close runs returns
   * the same promise; `force` cancels everything now (also during a graceful close).
   */
  close(options?: ServerCloseOptions): Promise<void>;
  /** Open client connections (for health endpoints and tests). */
  readonly connections: number;
  /** Streams, draining connections, write backpressure… of the open connections, summed when read (metrics scrapes). */
  readonly connectionFigures: ConnectionFigures;
  /** Bytes, pings, GOAWAYs, resets and flow-control stalls of every connection since the server started (open and closed): only grow, for Prometheus counters. */
  readonly connectionTotals: ConnectionTotals;
  /** Each open connection described (peer, age, streams, RTT, bytes, last error…), at most 1,000; read when asked (admin pages). */
  readonly connectionList: readonly ConnectionInfo[];
  /** Each listener (address, TLS, connections, draining), including those still draining after a close. */
  readonly listenerList: readonly ListenerInfo[];
  /**
   * Handlers running now, and of those the ones abandoned: their call ended (cancelled, deadline,
   * connection lost) but they have not returned — they ignore `ctx.signal`. New connections are
   * refused while `abandoned` is at `maxAbandonedHandlers`.
   */
  readonly handlers: { readonly running: number; readonly abandoned: number };
  /** `await using`: closes at once, as `close({ force: true })` — no grace period. */
  [Symbol.asyncDispose](): Promise<void>;
}

/** Creates a server; every option is verified here, so bad values fail at construction. */
export function createServer(options: ServerOptions = {}): Server {
  const { wire, tls: tlsOption, gracePeriodMs = 30_000, tcpKeepAliveMs, unref, maxConnections, maxHandshakes, maxAbandonedHandlers, ...rest } = options;
  const { maxConnectionAgeMs, maxConnectionAgeGraceMs, maxConnectionIdleMs, ...rpcOptions } = rest;
  if (!Number.isFinite(gracePeriodMs) || gracePeriodMs < 0) throw new RangeError(`gracePeriodMs must be a non-negative number, got ${String(gracePeriodMs)}`);
  const socketOptions = verifySocketOptions({ tcpKeepAliveMs, unref });
  const limits = verifyConnectionLimits({ maxConnections, maxHandshakes, maxAbandonedHandlers });
  const lifecycle = verifyConnectionLifecycle({ maxConnectionAgeMs, maxConnectionAgeGraceMs, maxConnectionIdleMs });
  let tls = tlsOption === undefined ? undefined : verifyServerTls(tlsOption, "createServer");
  const router = new Router();
  const dispatcher = new Dispatcher(router, rpcOptions);
  // One budget for all the server's listeners: the limits are per server.
  const budget = new ConnectionBudget(limits, dispatcher.handlers);
  // Connection opens and closes: totals that survive the connection, and logs at the logger's levels.
  const events = new ConnectionEvents(dispatcher.options.logger);
  const wireConfig: WireConfig = verifyWireConfig({
    maxMessageSize: dispatcher.options.maxReceiveMessageBytes,
    maxHeaderBlockSize: dispatcher.options.metadataHardLimitBytes,
    ...compressionConfig(options, "createServer"),
    ...wire,
  });
  const listeners: WireListener[] = [];
  // Listeners being closed still have connections draining; `connections` must count them.
  const closing = new Set<WireListener>();
  // Age and idle limits: one sweep over the server's listeners' connections, none when they are off.
  const sweep = lifecycleEnabled(lifecycle) ? new ConnectionSweep(lifecycle, () => listeners) : undefined;
  /** The graceful close under way: a second `close()` gets the same promise. */
  let graceful: Promise<void> | undefined;
  const release = (listener: WireListener) => () => {
    const i = listeners.indexOf(listener);
    if (i >= 0) listeners.splice(i, 1);
  };
  const onStream = (stream: WireStream, session: Session, listener: WireListener): void => {
    const hold = socketOptions.unref ? connectionOf(session) : undefined;
    const draining = sweep === undefined ? listener.draining : sweep.streamOpened(session, listener.draining);
    const call = new WireServerCall(stream, session, draining, hold);
    call.attach(dispatcher.accept(call));
  };
  /** Closes every listener: gracefully with `grace` ms for the calls in flight, or at once (`undefined`). */
  const closeListeners = async (grace: number | undefined): Promise<void> => {
    const all = listeners.splice(0);
    for (const l of all) {
      closing.add(l);
      forgetHotListener(l);
    }
    sweep?.serverClosing(SHUTTING_DOWN);
    try {
      if (grace === undefined) {
        // Also listeners still draining from an earlier graceful close (gRPC: Stop after GracefulStop).
        await Promise.all([...closing].map((l) => l.close({ force: true })));
        return;
      }
      // An infinite grace sets no deadline: the calls take what they need.
      const timer = grace > MAX_TIMER_MS ? undefined : setTimeout(() => {
        const expired = new WireError(ErrorCode.Cancel, `grace period of ${grace} ms over: cancelling in-flight calls`);
        for (const l of all) for (const session of l.sessions) session.close(expired);
      }, grace);
      timer?.unref?.();
      try {
        await Promise.all(all.map((l) => l.close({ reason: SHUTTING_DOWN.message })));
      } finally {
        clearTimeout(timer);
      }
    } finally {
      for (const l of all) closing.delete(l);
    }
  };
  const bound = (address: ListenAddress, listener: WireListener): BoundAddress =>
    "unix" in address ? { unix: address.unix } : { hostname: listener.hostname!, port: listener.port! };
  return {
    add(service, handlers) {
      router.add(service, handlers);
      return this;
    },
    async listen(address) {
      if ("websocket" in address) {
        const ws = address.websocket;
        const listener = listenWebSocket({ ...ws, ...(ws.tls === undefined && tls !== undefined ? { tls } : {}) }, onStream, wireConfig, budget, events);
        listeners.push(listener);
        sweep?.start();
        const host = listener.hostname!.includes(":") ? `[${listener.hostname!}]` : listener.hostname!;
        return { hostname: listener.hostname!, port: listener.port!, url: `${listener.secure ? "wss" : "ws"}://${host}:${listener.port!}${ws.path ?? "/"}` };
      }
      const hot = hotReloadActive() ? hotKey(address) : undefined;
      const adopted = hot === undefined ? undefined : earlierHotListener(hot);
      if (adopted !== undefined) {
        if (adopted.secure !== (tls !== undefined)) {
          throw new Error(`bun --hot: the listener on ${hot!} was started ${adopted.secure ? "with" : "without"} tls; restart the process to change that`);
        }
        claimHotListener(hot!, adopted, release(adopted));
        if (tls !== undefined) adopted.updateTls(tls);
        adopted.retarget(onStream, wireConfig, budget, events);
        listeners.push(adopted);
        sweep?.start();
        return bound(address, adopted);
      }
      const listener = listenWire({ address, config: wireConfig, onStream, tls, tcpKeepAliveMs: socketOptions.tcpKeepAliveMs, unref: socketOptions.unref, budget, events });
      if (hot !== undefined) recordHotListener(hot, listener, release(listener));
      listeners.push(listener);
      sweep?.start();
      return bound(address, listener);
    },
    webSocket(wsOptions = {}) {
      const endpoint = createWebSocketEndpoint({ ...wsOptions, onStream, config: wireConfig, budget, events }, () => ({ port: undefined, hostname: undefined, secure: false }));
      listeners.push(endpoint.listener);
      sweep?.start();
      return endpoint;
    },
    async updateTls(next) {
      if (tls === undefined) throw new Error("updateTls: this server was created without tls");
      const merged = verifyServerTls({ ...tls, key: next.key, cert: next.cert, ...(next.ca !== undefined ? { ca: next.ca } : {}) }, "updateTls");
      tls = merged;
      for (const l of listeners) l.updateTls(merged);
    },
    close(closeOptions = {}) {
      if (closeOptions.force === true) return closeListeners(undefined);
      let grace: number;
      try {
        grace = verifyDurationMs("close: gracePeriodMs", closeOptions.gracePeriodMs ?? gracePeriodMs, true);
      } catch (error) {
        return Promise.reject(error);
      }
      return (graceful ??= closeListeners(grace).finally(() => (graceful = undefined)));
    },
    get handlers() {
      return dispatcher.handlers;
    },
    get connections() {
      let n = 0;
      for (const l of listeners) n += l.sessions.size;
      for (const l of closing) n += l.sessions.size;
      return n;
    },
    get connectionFigures() {
      const figures = emptyConnectionFigures();
      for (const l of listeners) addConnectionFigures(figures, l.sessions);
      for (const l of closing) addConnectionFigures(figures, l.sessions);
      return figures;
    },
    get connectionTotals() {
      return events.totals([...listeners, ...closing].flatMap((l) => [...l.sessions]));
    },
    get connectionList() {
      return describeConnections([listeners, closing], MAX_LISTED_CONNECTIONS);
    },
    get listenerList() {
      return describeListeners([listeners, closing]);
    },
    async [Symbol.asyncDispose]() {
      await this.close({ force: true });
    },
  };
}

/** Most connections `connectionList` describes: an admin page needs no more, and a read stays cheap. */
const MAX_LISTED_CONNECTIONS = 1000;

/** Why `ctx.draining` aborts when the server closes (the listeners' GOAWAY reason too). */
const SHUTTING_DOWN = new Error("server shutting down");
