import { expect } from "bun:test";
import { endingCodes } from "../shared/attacker-report.ts";
import type { Outcome } from "./scenario.ts";

const MiB = 1024 * 1024;

/** The bystander lost no call, and its p99 under attack is within `p99Limit` (see `Outcome`). */
export function expectBystanderHeld(o: Outcome): void {
  expect({ failures: o.row.bystanderFailures, first: o.alone.firstFailure ?? o.underAttack.firstFailure }).toEqual({ failures: 0, first: undefined });
  expect(o.underAttack.p99).toBeLessThanOrEqual(o.p99Limit);
}

/** Bounds on the server's state during and after the attack. */
export interface ServerBounds {
  /** heapUsed growth (after GC) with the attacker's connections held. Bytes; 32 MiB. */
  readonly heldHeap?: number;
  /** heapUsed growth (after GC) once they closed. Bytes; 16 MiB. */
  readonly afterHeap?: number;
  /** Control frames queued unwritten, summed over sessions. Count; 1,000 (one connection's limit). */
  readonly queuedControlFrames?: number;
  /** Unwritten bytes, summed over sessions. Bytes; 2 MiB (one connection: 1 MiB high-water mark plus a frame). */
  readonly unwrittenBytes?: number;
}

/**
 * The server stayed bounded: heap growth under the stated bounds, never more handlers at once on
 * a connection than maxConcurrentStreams (100), queues within their limits.
 */
export function expectServerBounded(o: Outcome, bounds: ServerBounds = {}): void {
  expect(o.after.maxHandlersPerConnection).toBeLessThanOrEqual(100);
  expect(o.after.peakQueuedControlFrames).toBeLessThanOrEqual(bounds.queuedControlFrames ?? 1000);
  expect(o.after.peakUnwrittenBytes).toBeLessThanOrEqual(bounds.unwrittenBytes ?? 2 * MiB);
  expect(o.row.heapGrowthHeld).toBeLessThanOrEqual(bounds.heldHeap ?? 32 * MiB);
  expect(o.row.heapGrowthAfter).toBeLessThanOrEqual(bounds.afterHeap ?? 16 * MiB);
}

/**
 * Every attacker connection that ended got a GOAWAY with `code` (at least one did), and every
 * GOAWAY with an error code the server sent during the attack had it.
 */
export function expectEveryEndingIs(o: Outcome, code: string): void {
  const codes = endingCodes(o.report.endings);
  delete codes["open"]; // the one the attacker was on when stopped, if the server had not cut it yet
  expect(codes[code] ?? 0).toBeGreaterThan(0);
  expect(Object.keys(codes)).toEqual([code]);
  expect(Object.keys(endingCodes(prefixed(o.serverGoAways)))).toEqual([code]);
}

/**
 * Only `allowed` codes (or none) ended the attacker's connections, in its view and in the
 * server's: for attacks a server may absorb or refuse.
 */
export function expectEndingsWithin(o: Outcome, allowed: readonly string[]): void {
  const codes = { ...endingCodes(o.report.endings), ...endingCodes(prefixed(o.serverGoAways)) };
  expect(Object.keys(codes).filter((c) => c !== "open" && !allowed.includes(c))).toEqual([]);
}

/** The server's `CODE: reason` tally as attacker endings (`GOAWAY CODE: reason`). */
function prefixed(goAways: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(goAways).map(([k, n]) => [`GOAWAY ${k}`, n]));
}

/** MiB in bytes, for bounds. */
export const mib = (n: number): number => n * MiB;
