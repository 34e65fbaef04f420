/**
 * Process entry of `protoc-gen-strand` (run by `bin/protoc-gen-strand.mjs`, on Node or Bun): the
 * whole request from stdin, the response to stdout.
 */
import { readFileSync } from "node:fs";
import { runPlugin } from "./plugin.ts";

try {
  process.stdout.write(runPlugin(readFileSync(0)));
} catch (error) {
  process.stderr.write(`protoc-gen-strand: cannot read the CodeGeneratorRequest on stdin: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
