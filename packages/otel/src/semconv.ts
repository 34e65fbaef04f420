/**
 * The names this package emits, from OpenTelemetry's RPC semantic conventions v1.45.0 (the release
 * that made them stable; `docs/rpc/rpc-spans.md`, `rpc-metrics.md` and `grpc.md`). Written out
 * here rather than imported from `@opentelemetry/semantic-conventions`: a dozen strings are not
 * worth a dependency, and pinning them keeps the output stable when that package moves.
 */

/** `rpc.system.name`: which RPC system; {@link STRAND_RPC_SYSTEM} for every Strand call. */
export const ATTR_RPC_SYSTEM_NAME = "rpc.system.name";
/** `rpc.method`: the fully qualified method, `pkg.Service/Method` (also the span name). */
export const ATTR_RPC_METHOD = "rpc.method";
/**
 * `rpc.status_code`: the call's status as gRPC's upper-case name (`"OK"`, `"NOT_FOUND"`, …).
 * Spelled `rpc.response.status_code` in conventions v1.39–v1.44, renamed when they became stable.
 */
export const ATTR_RPC_STATUS_CODE = "rpc.status_code";
/** `error.type`: the status name, set only when the call failed (see `status.ts` for which codes fail). */
export const ATTR_ERROR_TYPE = "error.type";
/** `server.address`: client side, the host (or socket path, or whole target) the channel was created with. */
export const ATTR_SERVER_ADDRESS = "server.address";
/** `server.port`: client side, the port of that target when it names one. */
export const ATTR_SERVER_PORT = "server.port";
/** `network.peer.address`: server side, the client's IP address or socket path (`ctx.peer`). */
export const ATTR_NETWORK_PEER_ADDRESS = "network.peer.address";
/** `network.peer.port`: server side, the client's port. */
export const ATTR_NETWORK_PEER_PORT = "network.peer.port";

/**
 * The `rpc.system.name` of Strand calls. The conventions list well-known values (`grpc`,
 * `connectrpc`, `dubbo`, `jsonrpc`) and allow a custom one for other systems; Strand speaks its
 * own protocol (gRPC's semantics and status codes, not its wire format), so it reports itself.
 */
export const STRAND_RPC_SYSTEM = "strand";

/** Histogram of server call durations in seconds, one measurement per call. */
export const METRIC_RPC_SERVER_CALL_DURATION = "rpc.server.call.duration";
/** Histogram of client call durations in seconds, one measurement per call. */
export const METRIC_RPC_CLIENT_CALL_DURATION = "rpc.client.call.duration";

/** The bucket boundaries (seconds) the conventions advise for both duration histograms. */
export const DURATION_BUCKETS_SECONDS: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

/**
 * The per-message span event (`messageEvents: true`), as the conventions defined it before
 * deprecating it without replacement: `rpc.message` with `rpc.message.type` and `rpc.message.id`.
 * Recorded for streamed messages only — the conventions say unary calls SHOULD NOT carry them.
 */
export const EVENT_RPC_MESSAGE = "rpc.message";
/** `"SENT"` or `"RECEIVED"`. */
export const ATTR_RPC_MESSAGE_TYPE = "rpc.message.type";
/** 1 for the first message in each direction of a call, then 2, 3, … */
export const ATTR_RPC_MESSAGE_ID = "rpc.message.id";
