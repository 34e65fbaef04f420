/**
 * The shape of results.json: every repeat as measured, plus the per-peer medians the tables and
 * charts are drawn from. Keeping the repeats lets anyone recompute or re-plot without re-running.
 */
import type { LatencySummary } from "../load/latency-recorder.ts";
import type { LoadResult, LoadSpec } from "../load/scenario-spec.ts";
import type { PeerId } from "../orchestrator/peers.ts";
import type { ChurnMode } from "../peers/churn-dialers.ts";
import type { MachineInfo } from "./machine.ts";

/** Unit of a scenario's headline figure. */
export type Unit = "calls/s" | "msgs/s" | "MB/s";

/** One repeat of a load scenario for one peer. */
export interface Measurement extends LoadResult {
  /** Server CPU (user + system) over the measured window. Microseconds. */
  readonly serverCpuUs: number | undefined;
  /** S7 only: the probe without the bulk stream. */
  readonly alone?: LoadResult;
  /** S7 only: bulk payload delivered during the loaded window. MB/s. */
  readonly bulkMBps?: number;
  /** Bytes the server wrote to its sockets in the window, when it counts them (S9's peers). */
  readonly serverBytesOut?: number;
  /**
   * Bytes allocated on each side's JS heap over the window, as JSC's GC log counted them toward
   * its collections (orchestrator/gc-log.ts); Bun peers only.
   */
  readonly clientAllocBytes?: number;
  readonly serverAllocBytes?: number;
}

/** Medians over a peer's repeats. */
export interface PeerSummary {
  /** The headline figure in the scenario's unit. */
  readonly value: number;
  /** Operations per second (calls or messages). */
  readonly rate: number;
  readonly p50?: number;
  readonly p90?: number;
  readonly p99?: number;
  readonly p999?: number;
  /** Latency curve points (median per percentile). µs. */
  readonly curve?: ReadonlyArray<readonly [number, number]>;
  /** CPU per 1,000 operations. Milliseconds (= µs per operation). */
  readonly clientCpuPer1k: number;
  readonly serverCpuPer1k: number | undefined;
  /** S7: probe p99 and curve alone. */
  readonly aloneP99?: number;
  readonly aloneCurve?: ReadonlyArray<readonly [number, number]>;
  readonly bulkMBps?: number;
  /** S9: bytes on the wire per operation, both directions (client and server socket writes). */
  readonly wireBytesPerOp?: number;
  /** JS-heap bytes allocated per operation (Bun peers; see {@link Measurement.clientAllocBytes}). */
  readonly clientAllocBytesPerOp?: number;
  readonly serverAllocBytesPerOp?: number;
}

/** One peer's part of a scenario. */
export interface PeerOutcome {
  readonly peer: PeerId;
  readonly repeats: readonly Measurement[];
  /** Undefined when every repeat failed. */
  readonly summary: PeerSummary | undefined;
  /** The last failure, if any repeat failed. */
  readonly error?: string;
}

/** A load scenario's results for every peer that took part. */
export interface ScenarioResult {
  readonly id: string;
  readonly title: string;
  readonly unit: Unit;
  /** Payload bytes per operation (for MB/s). */
  readonly bytesPerOp: number;
  readonly spec: LoadSpec;
  readonly peers: readonly PeerOutcome[];
}

/** One repeat of S6 for one peer. */
export interface IdleMeasurement {
  readonly connections: number;
  /** Server RSS growth per connection. Bytes. */
  readonly rssPerConnection: number;
  /** Server JS heap growth per connection. Bytes. */
  readonly heapPerConnection: number;
  /** Server CPU while every connection sat idle, as a share of one core. Percent. */
  readonly idleCpuPercent: number;
  /** Time the client took to open and establish every connection. Milliseconds. */
  readonly openMs: number;
}

/** S6 for one peer. */
export interface IdleOutcome {
  readonly peer: PeerId;
  readonly repeats: readonly IdleMeasurement[];
  readonly summary: IdleMeasurement | undefined;
  readonly error?: string;
}

/** One repeat of one S8 mode. */
export interface ChurnMeasurement {
  /** Connections opened and closed (completed + failed). */
  readonly connections: number;
  /** Lifecycles that failed; a healthy run has none. */
  readonly failed: number;
  /** Server CPU (user + system) per connection. Microseconds. */
  readonly serverCpuUsPerConnection: number;
  /** Connections the client got through per second. */
  readonly perSecond: number;
}

/** S8 for one mode. */
export interface ChurnOutcome {
  readonly mode: ChurnMode;
  readonly repeats: readonly ChurnMeasurement[];
  /** Medians, metric by metric; undefined when every repeat failed. */
  readonly summary: ChurnMeasurement | undefined;
  readonly error?: string;
}

/** Everything one run produced. */
export interface RunResults {
  readonly startedAt: string;
  readonly mode: "quick" | "full";
  readonly settings: Readonly<Record<string, unknown>>;
  readonly machine: MachineInfo;
  readonly scenarios: readonly ScenarioResult[];
  readonly idle: { readonly connections: number; readonly windowMs: number; readonly peers: readonly IdleOutcome[] } | undefined;
  /** S8, when it ran. */
  readonly churn?: { readonly connections: number; readonly concurrency: number; readonly modes: readonly ChurnOutcome[] } | undefined;
}

/** Re-export for report writers. */
export type { LatencySummary };
