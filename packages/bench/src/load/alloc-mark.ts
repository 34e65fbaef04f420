/**
 * Window edges for the allocation figure. A Bun worker started with `BUN_JSC_logGC=1` has JSC log
 * every collection to stderr, including how many bytes were allocated since the previous one; the
 * orchestrator sums those between two marks (`orchestrator/gc-log.ts`). The marks go into the same
 * stream, written synchronously, so their order against the GC lines is exact — a timestamp or a
 * separate channel could not give that. Node-compatible: without the variable it does nothing.
 */
import { writeSync } from "node:fs";

/** What a mark line starts with; the orchestrator strips these lines from the worker's stderr. */
export const ALLOC_MARK_PREFIX = "bench-alloc-mark ";

/** The environment that makes a Bun worker log its collections (and write marks). */
export const GC_LOG_ENV: Readonly<Record<string, string>> = { BUN_JSC_logGC: "1" };

let lastMark = 0;

/**
 * Writes the next mark to stderr and returns its number, or undefined when collections are not
 * logged (Node, or a worker started by hand): then there is nothing to sum and no line to write.
 */
export function markAllocation(): number | undefined {
  if (process.env["BUN_JSC_logGC"] !== "1") return undefined;
  lastMark++;
  // Synchronous on purpose: a buffered write could land after GC lines logged later.
  writeSync(2, `${ALLOC_MARK_PREFIX}${lastMark}\n`);
  return lastMark;
}
