/**
 * Preloaded by bunfig.toml: after the last test file, prints the results table of the run (the
 * suite writes no files: the table is for the log and the closing note).
 */
import { afterAll } from "bun:test";
import { formatResults, resultRows } from "./results.ts";

afterAll(() => {
  const rows = resultRows();
  if (rows.length === 0) return;
  console.log(`\nAbuse suite results (server heap: heapUsed after a full GC, minus before the attack)\n\n${formatResults(rows)}\n`);
});
