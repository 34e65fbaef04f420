/**
 * S9: Strand with compression off, zstd and gzip, side by side from the same run — throughput,
 * CPU per call and bytes on the wire per call (what the processes wrote to their sockets, both
 * directions), each compressed peer against the uncompressed one: what compression costs in CPU
 * and saves on the wire for text-like payloads.
 */
import { PEER_LABELS, type PeerId } from "../orchestrator/peers.ts";
import { formatKiB, formatNumber, formatTimes } from "./format.ts";
import { markdownTable } from "./markdown-table.ts";
import type { ScenarioResult, Unit } from "./results-model.ts";
import { ratio } from "./stats.ts";

/** One peer of S9 against the uncompressed peer; ratios are this peer's figure divided by that one's. */
export interface CompressionComparison {
  readonly peer: PeerId;
  readonly unit: Unit;
  /** Throughput (payload MB/s each way) and calls per second. */
  readonly value: number;
  readonly rate: number;
  /** CPU per 1,000 calls, client and server. Milliseconds. */
  readonly clientCpuPer1k: number;
  readonly serverCpuPer1k: number | undefined;
  /** Bytes on the wire per call, both directions. */
  readonly wireBytesPerOp: number | undefined;
  /** Against the uncompressed peer: throughput, CPU per call (client, server), bytes per call. */
  readonly throughputRatio: number | undefined;
  readonly clientCpuRatio: number | undefined;
  readonly serverCpuRatio: number | undefined;
  readonly bytesRatio: number | undefined;
}

/** S9's peers with figures, in report order, compared with `strand-none`; empty when S9 did not run. */
export function compressionVsNone(scenarios: readonly ScenarioResult[]): CompressionComparison[] {
  const s9 = scenarios.find((s) => s.id === "S9");
  if (s9 === undefined) return [];
  const none = s9.peers.find((p) => p.peer === "strand-none")?.summary;
  return s9.peers.flatMap((outcome) => {
    const s = outcome.summary;
    if (s === undefined) return [];
    return [{
      peer: outcome.peer,
      unit: s9.unit,
      value: s.value,
      rate: s.rate,
      clientCpuPer1k: s.clientCpuPer1k,
      serverCpuPer1k: s.serverCpuPer1k,
      wireBytesPerOp: s.wireBytesPerOp,
      throughputRatio: ratio(s.value, none?.value),
      clientCpuRatio: ratio(s.clientCpuPer1k, none?.clientCpuPer1k),
      serverCpuRatio: ratio(s.serverCpuPer1k, none?.serverCpuPer1k),
      bytesRatio: ratio(s.wireBytesPerOp, none?.wireBytesPerOp),
    }];
  });
}

/** The results.md section, or nothing when S9 did not run. */
export function compressionSection(scenarios: readonly ScenarioResult[]): string[] {
  const rows = compressionVsNone(scenarios);
  if (rows.length === 0) return [];
  return [
    "",
    "## S9 compression: 64 KiB JSON-like text",
    "",
    "Strand with compression off, zstd and gzip on both sides (server and channel `compression`), each its own server and client process. Bytes on the wire are what both processes wrote to their sockets in the window, per call (request and response). Ratios divide by the uncompressed peer of the same run: below 1× for bytes means compression saved that much of the traffic, above 1× for CPU means it cost that much more per call.",
    "",
    markdownTable(
      ["Peer", "Throughput", "Calls/s", "CPU ms/1k calls (client / server)", "Wire bytes / call", "Throughput vs off", "CPU vs off (client / server)", "Bytes vs off"],
      rows.map((r) => [
        PEER_LABELS[r.peer],
        `${formatNumber(r.value)} ${r.unit}`,
        formatNumber(r.rate),
        `${formatNumber(r.clientCpuPer1k)} / ${formatNumber(r.serverCpuPer1k)}`,
        formatKiB(r.wireBytesPerOp),
        formatTimes(r.throughputRatio),
        `${formatTimes(r.clientCpuRatio)} / ${formatTimes(r.serverCpuRatio)}`,
        formatTimes(r.bytesRatio),
      ]),
    ),
  ];
}
