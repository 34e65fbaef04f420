import type { Server as BunServer, ServerWebSocket, WebSocketHandler } from "bun";
import { ErrorCode, Session, verifyWireConfig, type SessionOptions, type WireConfigInput } from "@strand/wire";
import { Admission, type ConnectionBudget } from "./connection-limits.ts";
import type { ConnectionEvents } from "./connection-events.ts";
import { listenerName } from "./connection-list.ts";
import { markOpened } from "./connection-opened.ts";
import { serverSessionOptions } from "./server-session-options.ts";
import { WebSocketChannel, WS_MAX_MESSAGE_BYTES, WS_SUBPROTOCOL } from "./ws-channel.ts";
import type { StreamRoute, WireListener } from "./wire-listener.ts";

/** Who may open a Strand WebSocket: checked on the upgrade request, before any Strand byte. */
export interface WebSocketAccessOptions {
  /** The request path served; others are not this endpoint's (`handles` is false). Default `"/"`. */
  readonly path?: string;
  /**
   * Allowed `Origin` header values (`"https://app.example.com"`); a browser page from any other
   * origin is refused with 403. Requests without `Origin` (not from a browser) pass this check.
   * Default: any origin — set it for browser-facing APIs that use cookies.
   */
  readonly allowedOrigins?: readonly string[];
  /**
   * Decides on each upgrade after the origin check: `true` accepts, `false` refuses with 403, a
   * `Response` is sent instead of upgrading (401 with a challenge, a redirect). Sees cookies and
   * headers; handlers see the same request as `ctx.upgradeRequest`.
   */
  readonly authorize?: (request: Request) => boolean | Response | Promise<boolean | Response>;
  /** permessage-deflate. Default false: Strand frames are small and often already compressed. */
  readonly compression?: boolean;
}

/**
 * Strand on a user's own `Bun.serve`: `handles(request)` says whether a request is for this
 * endpoint, `fetch(request, server)` upgrades it (or answers the refusal), `websocket` is the
 * handler object for `Bun.serve({ websocket })`.
 *
 * ```ts
 * const api = server.webSocket({ path: "/strand", allowedOrigins: ["https://app.example.com"] });
 * Bun.serve({ fetch: (req, s) => (api.handles(req) ? api.fetch(req, s) : app(req)), websocket: api.websocket });
 * ```
 */
export interface WebSocketEndpoint {
  handles(request: Request): boolean;
  /** Upgrades `request` (resolving to `undefined`, as Bun expects after an upgrade) or resolves to the refusal. */
  fetch(request: Request, server: BunServer<WebSocketChannel>): Promise<Response | undefined>;
  readonly websocket: WebSocketHandler<WebSocketChannel>;
}

/** What the server gives an endpoint: its stream route, wire config and connection budget. */
export interface WebSocketEndpointOptions extends WebSocketAccessOptions {
  readonly onStream: StreamRoute;
  readonly config?: WireConfigInput | undefined;
  readonly budget: ConnectionBudget;
  /** Told of each connection's open and close, and observes its sessions (totals, logs). */
  readonly events?: ConnectionEvents | undefined;
}

/** An endpoint plus the listener view the server manages it through (sessions, draining, close). */
export interface ServedWebSocketEndpoint extends WebSocketEndpoint {
  readonly listener: WireListener;
}

/** Builds an endpoint whose sessions route streams through `options.onStream`. */
export function createWebSocketEndpoint(options: WebSocketEndpointOptions, where: () => { readonly port?: number | undefined; readonly hostname?: string | undefined; readonly secure: boolean }): ServedWebSocketEndpoint {
  const path = options.path ?? "/";
  if (!path.startsWith("/")) throw new RangeError(`websocket path must start with "/", got ${JSON.stringify(path)}`);
  const origins = options.allowedOrigins === undefined ? undefined : new Set(options.allowedOrigins);
  const sessions = new Set<Session>();
  const drainController = new AbortController();
  const admission = new Admission(options.budget);
  let route = options.onStream;
  let closed = false;
  let events = options.events;
  let wireConfig = options.config;
  const name = () => listenerName(listener);
  const sessionOptionsFor = (): SessionOptions => serverSessionOptions(wireConfig, (stream, session) => route(stream, session, listener), sessions, () => events, name);
  let sessionOptions = sessionOptionsFor();
  const config = verifyWireConfig(options.config);

  const refuse = (status: number, text: string): Response => new Response(text, { status, headers: { "content-type": "text/plain; charset=utf-8" } });
  const websocket: WebSocketHandler<WebSocketChannel> = {
    open(ws: ServerWebSocket<WebSocketChannel>) {
      const channel = ws.data;
      const session = new Session(channel, sessionOptions);
      channel.attach(ws, session);
      sessions.add(session);
      markOpened(session);
      events?.opened(session, { listener: name() });
      // The HTTP upgrade was the handshake; the wire's SETTINGS exchange is bounded by its own timer.
      admission.handshakeOver();
    },
    message(ws: ServerWebSocket<WebSocketChannel>, message: string | Buffer) {
      if (typeof message === "string") return ws.data.fail(1003, "Strand sends binary messages only");
      ws.data.session?.receive(message);
    },
    drain(ws: ServerWebSocket<WebSocketChannel>) {
      ws.data.drained();
    },
    close(ws: ServerWebSocket<WebSocketChannel>) {
      admission.connectionOver();
      ws.data.session?.channelClosed();
    },
    maxPayloadLength: WS_MAX_MESSAGE_BYTES,
    // A connection that stops reading is paused by the session at its own write limit; Bun's buffer
    // holds at most one message beyond it, so reaching this limit means the peer ignores backpressure.
    backpressureLimit: config.writeHighWaterMark + 2 * WS_MAX_MESSAGE_BYTES,
    closeOnBackpressureLimit: true,
    perMessageDeflate: options.compression === true,
    // Strand's own keep-alive (PING frames, keepaliveIntervalMs) watches the connection.
    idleTimeout: 0,
    sendPings: false,
  };

  const listener: WireListener = {
    get port() {
      return where().port;
    },
    get hostname() {
      return where().hostname;
    },
    get secure() {
      return where().secure;
    },
    sessions,
    draining: drainController.signal,
    updateTls() {
      // The TLS of a WebSocket endpoint belongs to its Bun.serve, which keeps its certificate.
    },
    retarget(onStream, nextConfig, budget, nextEvents) {
      route = onStream;
      if (nextConfig !== undefined) wireConfig = nextConfig;
      if (nextEvents !== undefined) events = nextEvents;
      if (nextConfig !== undefined || nextEvents !== undefined) sessionOptions = sessionOptionsFor();
      if (budget !== undefined) admission.moveTo(budget);
    },
    async close(closeOptions = {}) {
      closed = true;
      const reason = closeOptions.reason ?? "server shutting down";
      if (!drainController.signal.aborted) drainController.abort(new Error(reason));
      const all = [...sessions];
      if (closeOptions.force === true) for (const s of all) s.close();
      await Promise.all(all.map((s) => s.goAway(ErrorCode.NoError, reason)));
    },
    async [Symbol.asyncDispose]() {
      await this.close({ force: true });
    },
  };

  return {
    listener,
    websocket,
    handles(request) {
      return new URL(request.url).pathname === path;
    },
    async fetch(request, server) {
      if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") return refuse(426, "this is a Strand WebSocket endpoint: upgrade required");
      const offered = (request.headers.get("sec-websocket-protocol") ?? "").split(",").map((p) => p.trim());
      if (!offered.includes(WS_SUBPROTOCOL)) return refuse(400, `the "${WS_SUBPROTOCOL}" WebSocket subprotocol is required`);
      const origin = request.headers.get("origin");
      if (origins !== undefined && origin !== null && !origins.has(origin)) return refuse(403, `origin ${origin} is not allowed`);
      const verdict = options.authorize === undefined ? true : await options.authorize(request);
      if (verdict instanceof Response) return verdict;
      if (verdict !== true) return refuse(403, "forbidden");
      if (closed) return refuse(503, "server shutting down");
      const refused = admission.admit();
      if (refused !== undefined) return refuse(503, `connection refused: ${refused}`);
      const ip = server.requestIP(request);
      const peer = ip === null ? "unknown" : `${ip.family === "IPv6" ? `[${ip.address}]` : ip.address}:${ip.port}`;
      const channel = new WebSocketChannel({ url: request.url, headers: new Headers(request.headers) }, peer);
      if (server.upgrade(request, { data: channel, headers: { "Sec-WebSocket-Protocol": WS_SUBPROTOCOL } })) return undefined;
      admission.handshakeOver();
      admission.connectionOver();
      return refuse(400, "WebSocket upgrade failed");
    },
  };
}
