/**
 * What the orchestrator asks a client worker to run, and what the worker answers. Plain data, sent
 * as JSON lines, shared by every runtime. Node-compatible.
 */
import type { LatencySummary } from "./latency-recorder.ts";

/** Timing shared by every load: warm-up (excluded) then the measured window. Milliseconds. */
export interface Timing {
  readonly warmupMs: number;
  readonly durationMs: number;
}

/** S1, S2, S5, S9: unary echo calls of `size` bytes with `inflight` calls outstanding on one connection. */
export interface UnarySpec extends Timing {
  readonly kind: "unary";
  readonly size: number;
  readonly inflight: number;
  /** S9: JSON-like text (`text-payload.ts`) instead of a fill byte. */
  readonly payload?: "text";
}

/** S3: one server stream pushing `size`-byte messages as fast as flow control allows. */
export interface StreamSpec extends Timing {
  readonly kind: "stream";
  readonly size: number;
}

/** S4: ping-pong of `size`-byte messages on one bidirectional stream. */
export interface BidiSpec extends Timing {
  readonly kind: "bidi";
  readonly size: number;
}

/** S7: S1 alone, then S1 again while a stream of `bulkSize` messages saturates the same connection. */
export interface FairnessSpec extends Timing {
  readonly kind: "fairness";
  readonly size: number;
  readonly bulkSize: number;
}

/** Any load a client worker can run on one connection. */
export type LoadSpec = UnarySpec | StreamSpec | BidiSpec | FairnessSpec;

/** Operations completed in a measured window and what they cost the client. */
export interface LoadResult {
  /** Calls (or stream messages) completed inside the window. */
  readonly ops: number;
  /** The window's length. Seconds. */
  readonly seconds: number;
  /** ops / seconds. */
  readonly rate: number;
  /** Client CPU (user + system) spent in the window. Microseconds. */
  readonly clientCpuUs: number;
  /** Per-call latency, for loads that have calls. */
  readonly latency?: LatencySummary;
  /** Bytes the client wrote to its sockets in the window, when its process counts them (S9's peers). */
  readonly clientBytesOut?: number;
  /**
   * The numbers of the allocation marks (`alloc-mark.ts`) written at the window's start and end,
   * when the worker logs its collections. Only carried to the orchestrator, which turns them into
   * bytes allocated and drops them, so results.json never holds them.
   */
  readonly allocMarks?: AllocMarks;
}

/** The first and last allocation mark of a measured window. */
export interface AllocMarks {
  readonly start: number;
  readonly end: number;
}

/** The answer to a {@link FairnessSpec}: the probe alone, the probe under load, the bulk rate. */
export interface FairnessResult extends LoadResult {
  readonly alone: LoadResult;
  /** Bulk-stream payload delivered while the probe ran under load. MB/s (10^6 B). */
  readonly bulkMBps: number;
}
