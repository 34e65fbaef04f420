/**
 * The load scenarios (S1–S5, S7, S9) as data: id, title, unit and the spec sent to client workers.
 * S6 (idle connections) and S8 (churn) are not loads and have runners of their own. Strand over
 * WebSocket runs S1, every S2 level and S3 64 B only: the points issue 16 compares with TCP; S9
 * runs on Strand's compression peers only (uncompressed, zstd, gzip); Strand with OpenTelemetry,
 * Prometheus metrics or both runs every S2 level only, where its overhead is measured against
 * plain Strand; Strand with a push-style stream handler runs S3 only, beside the generator.
 */
import type { LoadSpec } from "../load/scenario-spec.ts";
import type { Unit } from "../report/results-model.ts";
import { COMPRESSION_PEERS, INSTRUMENTED_PEERS, PUSH_PEERS, WEBSOCKET_PEERS, type PeerId } from "./peers.ts";
import { selected, type RunSettings } from "./settings.ts";

/** One load scenario of the plan. */
export interface LoadScenario {
  readonly id: string;
  readonly title: string;
  readonly unit: Unit;
  /** Payload bytes per operation, for MB/s. */
  readonly bytesPerOp: number;
  readonly spec: LoadSpec;
  readonly peers: readonly PeerId[];
}

const KiB = 1024;
const MiB = 1024 * 1024;

/** The selected load scenarios with the run's timing, in report order. */
export function loadScenarios(settings: RunSettings): LoadScenario[] {
  const timing = { warmupMs: settings.warmupMs, durationMs: settings.durationMs };
  const compression = settings.peers.filter((p) => (COMPRESSION_PEERS as readonly PeerId[]).includes(p));
  const observed = settings.peers.filter((p) => (INSTRUMENTED_PEERS as readonly PeerId[]).includes(p));
  const push = settings.peers.filter((p) => (PUSH_PEERS as readonly PeerId[]).includes(p));
  const all = settings.peers.filter((p) => !compression.includes(p) && !observed.includes(p) && !push.includes(p));
  const tcp = all.filter((p) => !WEBSOCKET_PEERS.includes(p));
  const multiplexed = tcp.filter((p) => p !== "raw");
  const scenarios: LoadScenario[] = [
    { id: "S1", title: "unary ping-pong, 64 B, 1 in flight", unit: "calls/s", bytesPerOp: 64, spec: { kind: "unary", size: 64, inflight: 1, ...timing }, peers: all },
    ...settings.inflight.map((inflight): LoadScenario => ({
      id: `S2@${inflight}`,
      title: `unary, 64 B, ${inflight} in flight on one connection`,
      unit: "calls/s",
      bytesPerOp: 64,
      spec: { kind: "unary", size: 64, inflight, ...timing },
      peers: [...all, ...observed],
    })),
    { id: "S3 64 B", title: "server streaming, 64 B messages", unit: "msgs/s", bytesPerOp: 64, spec: { kind: "stream", size: 64, ...timing }, peers: [...all, ...push] },
    { id: "S3 1 KiB", title: "server streaming, 1 KiB messages", unit: "msgs/s", bytesPerOp: KiB, spec: { kind: "stream", size: KiB, ...timing }, peers: [...tcp, ...push] },
    { id: "S4", title: "bidi ping-pong, 64 B, one stream", unit: "msgs/s", bytesPerOp: 64, spec: { kind: "bidi", size: 64, ...timing }, peers: tcp },
    { id: "S5", title: "unary echo, 1 MiB payloads, 1 in flight", unit: "MB/s", bytesPerOp: MiB, spec: { kind: "unary", size: MiB, inflight: 1, ...timing }, peers: tcp },
    {
      id: "S7",
      title: "fairness: S1 probe while a 1 MiB-message stream saturates the connection",
      unit: "calls/s",
      bytesPerOp: 64,
      spec: { kind: "fairness", size: 64, bulkSize: MiB, ...timing },
      // The raw peer has no multiplexing: a probe cannot share its connection with a stream.
      peers: multiplexed,
    },
    {
      id: "S9",
      title: "unary echo, 64 KiB JSON-like text, 10 in flight: compression off, zstd, gzip",
      unit: "MB/s",
      bytesPerOp: 64 * KiB,
      spec: { kind: "unary", size: 64 * KiB, inflight: 10, payload: "text", ...timing },
      peers: compression,
    },
  ];
  return scenarios.filter((s) => selected(settings, s.id) && s.peers.length > 0);
}
