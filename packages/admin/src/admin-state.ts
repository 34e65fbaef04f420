import type { AdminConnection, AdminListener, AdminServer } from "./admin-options.ts";
import type { CallTracker, InFlightCall, RecentFailure } from "./call-tracker.ts";

/** gRPC health's ServingStatus names, by value. */
const STATUS_NAMES = ["UNKNOWN", "SERVING", "NOT_SERVING", "SERVICE_UNKNOWN"] as const;

/** The server's own health status name (`""` in the registry); `UNKNOWN` before it listens. */
export function servingStatus(server: AdminServer): string {
  const value = server.health.get("");
  return (value === undefined ? undefined : STATUS_NAMES[value]) ?? "UNKNOWN";
}

/** What `/api/state` answers and the page renders. */
export interface AdminState {
  /** When it was read, ms since the epoch (ages on the page are relative to it). */
  readonly now: number;
  /** The server's health status: `SERVING`, `NOT_SERVING` or `UNKNOWN`. */
  readonly status: string;
  readonly connections: number;
  readonly handlers: { readonly running: number; readonly abandoned: number };
  /** Absent when the server does not describe them. */
  readonly listeners?: readonly AdminListener[];
  /** Absent when the server does not describe them. */
  readonly connectionList?: readonly AdminConnection[];
  /** Absent without `trackCalls()`: the page then says how to enable it. */
  readonly calls?: {
    readonly inFlight: readonly InFlightCall[];
    readonly untracked: number;
    readonly failures: readonly RecentFailure[];
  };
}

/** Reads everything the page shows, once per request: nothing is kept between requests. */
export function readState(server: AdminServer, calls: CallTracker | undefined): AdminState {
  const listeners = server.listenerList;
  const connectionList = server.connectionList;
  return {
    now: Date.now(),
    status: servingStatus(server),
    connections: server.connections,
    handlers: { running: server.handlers.running, abandoned: server.handlers.abandoned },
    ...(listeners !== undefined ? { listeners } : {}),
    ...(connectionList !== undefined ? { connectionList } : {}),
    ...(calls !== undefined ? { calls: { inFlight: calls.inFlight(), untracked: calls.untracked, failures: calls.failures() } } : {}),
  };
}
