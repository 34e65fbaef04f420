/**
 * Run settings: `--quick` (under 3 minutes on 2 cores) or the full run (under 15), plus filters
 * for working on one scenario or peer. Parsed once; bad flags fail before anything starts.
 */
import { COMPRESSION_PEERS, INSTRUMENTED_PEERS, PEER_IDS, PUSH_PEERS, WEBSOCKET_PEERS, type PeerId } from "./peers.ts";

/** Everything that shapes a run. */
export interface RunSettings {
  readonly mode: "quick" | "full";
  /** Repeats of every load scenario per peer (the median is reported). */
  readonly repeats: number;
  /** Warm-up before each measured window, excluded from the figures. Milliseconds. */
  readonly warmupMs: number;
  /** Measured window of each repeat. Milliseconds. */
  readonly durationMs: number;
  /** S6: idle connections per peer. */
  readonly idleConnections: number;
  /** S6: repeats per peer (each on a fresh server). */
  readonly idleRepeats: number;
  /** S6: how long the connections sit idle while server CPU is sampled. Milliseconds. */
  readonly idleWindowMs: number;
  /** S8: connections opened and closed per measurement. */
  readonly churnConnections: number;
  /** S8: connections under way at once. */
  readonly churnConcurrency: number;
  /** S8: repeats of every mode (the median is reported). */
  readonly churnRepeats: number;
  readonly peers: readonly PeerId[];
  /**
   * S6 peers: every selected TCP peer (grpc-js opens 5,000 connections in a few seconds here);
   * WebSocket is measured at S1, S2 and S3 64 B only.
   */
  readonly idlePeers: readonly PeerId[];
  /** S2: calls in flight on one connection, one scenario each (S2@10, S2@100, ...). */
  readonly inflight: readonly number[];
  /** Scenario ids (or prefixes, e.g. "S2") to run; empty runs all. */
  readonly only: readonly string[];
  /** Output directory for results. */
  readonly outDir: string | undefined;
  /** Re-render the report from this results.json instead of running (charts/tables changed). */
  readonly from: string | undefined;
}

const QUICK = { repeats: 3, warmupMs: 200, durationMs: 400, idleConnections: 5_000, idleRepeats: 1, idleWindowMs: 2_000, churnConnections: 2_000, churnRepeats: 3 };
const FULL = { repeats: 5, warmupMs: 500, durationMs: 2_000, idleConnections: 5_000, idleRepeats: 3, idleWindowMs: 5_000, churnConnections: 5_000, churnRepeats: 5 };
/** S8's fan-out: the issue's churn measurement opened 64 connections at a time. */
const CHURN_CONCURRENCY = 64;

/** S2's levels unless `--inflight` says otherwise. */
const DEFAULT_INFLIGHT = [10, 100, 1000];

/**
 * Parses `--quick`, `--repeats N`, `--seconds S`, `--only S1,S3`, `--peers a,b`, `--inflight 10,64`,
 * `--idle N`, `--churn N`, `--out DIR`, `--from results.json`.
 */
export function parseSettings(argv: readonly string[]): RunSettings {
  const quick = argv.includes("--quick");
  const base = quick ? QUICK : FULL;
  const value = (flag: string): string | undefined => {
    const index = argv.indexOf(flag);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const number = (flag: string, fallback: number): number => {
    const text = value(flag);
    if (text === undefined) return fallback;
    const parsed = Number(text);
    if (!Number.isFinite(parsed) || parsed <= 0) throw new RangeError(`${flag} needs a positive number, got ${text}`);
    return parsed;
  };
  const list = (flag: string): string[] => (value(flag) ?? "").split(",").map((s) => s.trim()).filter((s) => s.length > 0);
  const peers = list("--peers");
  for (const peer of peers) if (!(PEER_IDS as readonly string[]).includes(peer)) throw new RangeError(`unknown peer ${peer}; known: ${PEER_IDS.join(", ")}`);
  const named = peers.length > 0 ? (peers as PeerId[]) : [...PEER_IDS];
  // S9's variants of Strand, and S3's push-style one, come with it.
  const withStrand: readonly PeerId[] = [...PUSH_PEERS, ...COMPRESSION_PEERS];
  const chosen = named.includes("strand") ? [...named, ...withStrand.filter((p) => !named.includes(p))] : named;
  const inflight = list("--inflight").map((text) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n <= 0) throw new RangeError(`--inflight needs positive whole numbers, got ${text}`);
    return n;
  });
  return {
    mode: quick ? "quick" : "full",
    repeats: Math.round(number("--repeats", base.repeats)),
    warmupMs: base.warmupMs,
    durationMs: value("--seconds") !== undefined ? number("--seconds", 1) * 1000 : base.durationMs,
    idleConnections: Math.round(number("--idle", base.idleConnections)),
    idleRepeats: base.idleRepeats,
    idleWindowMs: base.idleWindowMs,
    churnConnections: Math.round(number("--churn", base.churnConnections)),
    churnConcurrency: CHURN_CONCURRENCY,
    churnRepeats: Math.round(number("--repeats", base.churnRepeats)),
    peers: chosen,
    idlePeers: chosen.filter((p) => !WEBSOCKET_PEERS.includes(p) && !(INSTRUMENTED_PEERS as readonly PeerId[]).includes(p) && !withStrand.includes(p)),
    inflight: inflight.length > 0 ? inflight : DEFAULT_INFLIGHT,
    only: list("--only"),
    outDir: value("--out"),
    from: value("--from"),
  };
}

/** Whether scenario `id` is selected by `--only`. */
export function selected(settings: RunSettings, id: string): boolean {
  return settings.only.length === 0 || settings.only.some((prefix) => id === prefix || id.startsWith(`${prefix}@`) || id.startsWith(`${prefix} `));
}
