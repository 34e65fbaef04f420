/**
 * Generates the testee's message code from the suite's protos with the repository's own `strand
 * generate`, into `gen/` (ignored by git: generated code is never committed here, it is the thing
 * under test).
 */
import { join } from "node:path";
import { includeDir, protoFiles } from "./suite-files.ts";

const here = join(import.meta.dir, "..");
const strand = join(here, "..", "node_modules", ".bin", "strand");

/** Runs `strand generate`; throws with its output if it fails. */
export function generate(): void {
  const args = [strand, "generate", "-I", includeDir, "--out", join(here, "gen"), ...protoFiles.map((f) => join(includeDir, f))];
  const result = Bun.spawnSync(args, { stdout: "pipe", stderr: "pipe" });
  if (result.exitCode !== 0) throw new Error(`strand generate failed (${result.exitCode}):\n${result.stdout.toString()}${result.stderr.toString()}`);
}

if (import.meta.main) generate();
