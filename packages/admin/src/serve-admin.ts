import { verifyAdminOptions, type AdminOptions } from "./admin-options.ts";
import { ADMIN_PAGE } from "./admin-page.ts";
import { readState, servingStatus } from "./admin-state.ts";

/** A running admin endpoint. */
export interface AdminEndpoint {
  /** Its base URL, e.g. `"http://127.0.0.1:9464/"`. */
  readonly url: string;
  /** The bound port (the free one picked for `port: 0`). */
  readonly port: number;
  /** Stops listening and closes open admin requests. */
  close(): Promise<void>;
}

const TEXT = { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } as const;

/**
 * Serves the admin endpoint on its own `Bun.serve` port (opt-in; bind it to a private interface):
 * `/metrics` (Prometheus text), `/livez` (200 while the process answers), `/readyz` (200 when
 * the server's health status is SERVING, else 503), `/api/state` (JSON) and `/`, a live page of
 * listeners, connections, in-flight calls and recent failures that polls `/api/state`. Options are
 * checked now: bad ones throw before anything listens.
 */
export async function serveAdmin(options: AdminOptions): Promise<AdminEndpoint> {
  const { server, hostname, port } = verifyAdminOptions(options);
  const { metrics, calls } = options;
  const http = Bun.serve({
    hostname,
    port,
    async fetch(request) {
      if (request.method !== "GET" && request.method !== "HEAD") return new Response("method not allowed\n", { status: 405, headers: { ...TEXT, allow: "GET, HEAD" } });
      switch (new URL(request.url).pathname) {
        case "/metrics":
          if (metrics === undefined) return new Response("no metrics: pass serveAdmin({ metrics: createMetrics() }) from @strand/metrics\n", { status: 404, headers: TEXT });
          return new Response(await metrics.registry.metrics(), { headers: { "content-type": metrics.registry.contentType, "cache-control": "no-store" } });
        case "/livez":
          return new Response("ok\n", { headers: TEXT });
        case "/readyz": {
          const status = servingStatus(server);
          return new Response(`${status}\n`, { status: status === "SERVING" ? 200 : 503, headers: TEXT });
        }
        case "/api/state":
          return Response.json(readState(server, calls), { headers: { "cache-control": "no-store" } });
        case "/":
          return new Response(ADMIN_PAGE, { headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } });
        default:
          return new Response("not found: try /, /metrics, /livez, /readyz or /api/state\n", { status: 404, headers: TEXT });
      }
    },
  });
  const bound = http.port ?? port;
  const host = hostname.includes(":") ? `[${hostname}]` : hostname;
  return {
    url: `http://${host}:${bound}/`,
    port: bound,
    async close() {
      await http.stop(true);
    },
  };
}
