import type { HandlerTally } from "./handler-tally.ts";
import type { ServerCall } from "./server-call.ts";
import type { ServerOptions } from "./server-options.ts";

/**
 * What every call of one dispatcher shares: the options, the handler tally and the hook that runs
 * a single-request call's handler (and below, the constants every call shares). One field of each call instead of three (see call-extras.ts on
 * why a call's field count matters).
 */
export interface ServerCallHost {
  readonly config: ServerOptions;
  readonly tally: HandlerTally;
  /** A single-request call's request arrived: run its handler. */
  onSingleRequest(call: ServerCall, message: unknown): void;
}

/** The status message when response headers or trailers exceed the sender's metadata limit. */
export const METADATA_TOO_LARGE = "response metadata exceeds the size limit";

/** `ctx.draining` of calls whose transport has no graceful shutdown (e.g. in-memory tests). */
export const NEVER_DRAINING: AbortSignal = new AbortController().signal;

/**
 * Response side of a server call:
 *
 * ```
 *   pending ──first message──▶ streaming ──close──▶ closed
 *      └───────────close (trailers-only)───────────▶ closed
 *   any ──onCancel (client reset, connection loss, shutdown)──▶ closed
 * ```
 * `closed` is entered exactly once, in `ServerCall.close` (trailers sent), `reply`/`replyWith` (a
 * whole response) or `onCancel` (nothing sent).
 */
export type ResponseState = "pending" | "streaming" | "closed";
