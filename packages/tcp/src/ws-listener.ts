import type { Server as BunServer, TLSOptions } from "bun";
import type { WireConfigInput } from "@strand/wire";
import type { ConnectionEvents } from "./connection-events.ts";
import type { ConnectionBudget } from "./connection-limits.ts";
import type { WebSocketChannel } from "./ws-channel.ts";
import { createWebSocketEndpoint, type WebSocketAccessOptions } from "./ws-endpoint.ts";
import type { StreamRoute, WireListener } from "./wire-listener.ts";

/** A standalone WebSocket listener: `server.listen({ websocket: { port: 8080, path: "/strand" } })`. */
export interface WebSocketAddress extends WebSocketAccessOptions {
  /** Default `"127.0.0.1"`. */
  readonly hostname?: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** Serve `wss://` with these Bun TLS options; default: the server's `tls`, if it has one. */
  readonly tls?: TLSOptions;
}

/**
 * Listens with `Bun.serve` for Strand over WebSocket alone: the endpoint's path upgrades, every
 * other request gets 404. Closing stops the HTTP listener and drains the sessions like a TCP
 * listener (GOAWAY, then the grace period the server enforces).
 */
export function listenWebSocket(address: WebSocketAddress, route: StreamRoute, config: WireConfigInput | undefined, budget: ConnectionBudget, events?: ConnectionEvents): WireListener {
  let http: BunServer<WebSocketChannel> | undefined;
  const secure = address.tls !== undefined;
  const endpoint = createWebSocketEndpoint({ ...address, onStream: route, config, budget, events }, () => ({ port: http?.port, hostname: http?.hostname, secure }));
  http = Bun.serve<WebSocketChannel, never>({
    hostname: address.hostname ?? "127.0.0.1",
    port: address.port,
    ...(address.tls !== undefined ? { tls: address.tls } : {}),
    fetch: (request, server) => (endpoint.handles(request) ? endpoint.fetch(request, server) : new Response("not found", { status: 404 })),
    websocket: endpoint.websocket,
  });
  const inner = endpoint.listener;
  const server = http;
  return Object.assign(Object.create(inner) as WireListener, {
    async close(options: { readonly force?: boolean; readonly reason?: string } = {}) {
      void server.stop(options.force === true);
      await inner.close(options);
    },
    async [Symbol.asyncDispose]() {
      await server.stop(true);
      await inner.close({ force: true });
    },
  });
}
