import type { ConnectionInfo, ListenerInfo } from "@strand/tcp";
import type { CallTracker } from "./call-tracker.ts";

/** A listener as the page shows it: `@strand/tcp`'s, as `strand`'s `Server#listenerList` gives it. */
export type AdminListener = ListenerInfo;

/** A connection as the page shows it: `@strand/tcp`'s, as `strand`'s `Server#connectionList` gives it. */
export type AdminConnection = ConnectionInfo;

/**
 * What the admin endpoint reads from a server: `strand`'s `Server` has all of it. Structural, so
 * that this package needs no runtime import of the server.
 */
export interface AdminServer {
  /** The health registry: `/readyz` is ready when `health.get("")` is SERVING (1). */
  readonly health: { get(service: string): number | undefined };
  /** Open connections. */
  readonly connections: number;
  /** Handlers running now, and those that outlived their call. */
  readonly handlers: { readonly running: number; readonly abandoned: number };
  /** Each connection, read when the page asks. */
  readonly connectionList?: readonly AdminConnection[];
  /** Each listener, read when the page asks. */
  readonly listenerList?: readonly AdminListener[];
}

/** What `/metrics` serves: `@strand/metrics`' `Metrics` (or anything with a prom-client registry). */
export interface AdminMetrics {
  readonly registry: { metrics(): Promise<string>; readonly contentType: string };
}

/** Options of `serveAdmin`. */
export interface AdminOptions {
  /** The Strand server the page, `/livez` and `/readyz` describe. Required. */
  readonly server: AdminServer;
  /** Served on `/metrics`; without it `/metrics` answers 404 with a hint. */
  readonly metrics?: AdminMetrics;
  /** In-flight calls and recent failures for the page: `trackCalls()`, whose interceptor the server must have. */
  readonly calls?: CallTracker;
  /** Interface to bind. Default `"127.0.0.1"`: the page shows peers and methods, keep it off public interfaces. */
  readonly hostname?: string;
  /** TCP port; `0` picks a free one (the result reports it). Required. */
  readonly port: number;
}

/** Checks options at call time, so a typo fails at start-up, not at the first scrape. */
export function verifyAdminOptions(options: AdminOptions): Required<Pick<AdminOptions, "server" | "hostname" | "port">> {
  if (typeof options !== "object" || options === null) throw new TypeError("serveAdmin: options must be an object ({ server, port })");
  const { server, metrics, calls, hostname = "127.0.0.1", port } = options;
  if (typeof server !== "object" || server === null || typeof server.health?.get !== "function" || typeof server.connections !== "number") {
    throw new TypeError("serveAdmin: server must be a Strand server (from strand's createServer)");
  }
  if (metrics !== undefined && (typeof metrics.registry?.metrics !== "function" || typeof metrics.registry.contentType !== "string")) {
    throw new TypeError("serveAdmin: metrics must be what @strand/metrics' createMetrics() returns");
  }
  if (calls !== undefined && (typeof calls.inFlight !== "function" || typeof calls.failures !== "function")) {
    throw new TypeError("serveAdmin: calls must be what trackCalls() returns");
  }
  if (typeof hostname !== "string" || hostname === "") throw new TypeError(`serveAdmin: hostname must be a non-empty string, got ${JSON.stringify(hostname)}`);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new RangeError(`serveAdmin: port must be an integer 0…65535 (0 picks a free one), got ${String(port)}`);
  return { server, hostname, port };
}
