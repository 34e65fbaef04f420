import type { Compression } from "./compression.ts";
import type { Metadata, MetadataInit } from "./metadata.ts";

/**
 * Per-call options of every client method. Deadlines and cancellation are inherited from the
 * enclosing handler (see `detached`), so most calls made inside handlers need no options at all.
 */
export interface CallOptions {
  /**
   * Time budget for the whole call in milliseconds, measured from the call's start. Combined with
   * `deadline` and any inherited deadline: the earliest one wins. Default: none.
   */
  readonly timeoutMs?: number;
  /** Absolute deadline: ms since the epoch or a `Date`. Default: none. */
  readonly deadline?: number | Date;
  /** Aborting it cancels the call with `Code.Canceled` (or the RpcError used as reason). */
  readonly signal?: AbortSignal;
  /** Request metadata. Default: none. */
  readonly metadata?: MetadataInit;
  /** Called once with the response headers when they arrive (not for trailers-only responses). */
  readonly onHeader?: (headers: Metadata) => void;
  /** Called once with the trailers when the call ends with a status from the server. */
  readonly onTrailer?: (trailers: Metadata) => void;
  /**
   * Queue the call until the transport is connected instead of failing fast with
   * `Code.Unavailable` (gRPC's wait-for-ready). Default: `false`.
   */
  readonly waitForReady?: boolean;
  /**
   * What this call's request messages are compressed with, overriding the channel's `compression`:
   * an algorithm (used when the server accepts it, else the other one it accepts) or `"none"`.
   * Messages under the channel's `compressMinBytes` (1 KiB) go uncompressed. Default: the channel's.
   */
  readonly compression?: Compression;
  /**
   * Opt-out of context propagation: when `true`, a call made inside a handler does NOT inherit the
   * handler's deadline and cancellation (use it for work that must outlive the incoming call).
   * Default: `false`.
   */
  readonly detached?: boolean;
}
