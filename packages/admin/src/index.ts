/**
 * `@strand/admin`: an admin endpoint for a Strand server on its own `Bun.serve` port — `/metrics`,
 * `/livez`, `/readyz` and a live page (channelz for Strand). Re-exports by name.
 */
export { serveAdmin, type AdminEndpoint } from "./serve-admin.ts";
export type { AdminConnection, AdminListener, AdminMetrics, AdminOptions, AdminServer } from "./admin-options.ts";
export type { AdminState } from "./admin-state.ts";
export { MAX_RECENT_FAILURES, MAX_TRACKED_CALLS, trackCalls, type CallTracker, type InFlightCall, type RecentFailure } from "./call-tracker.ts";
