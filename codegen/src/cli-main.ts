/**
 * Process entry of the `strand` CLI (run by Bun via `bin/strand.mjs`): wires {@link run} to the
 * real process streams and exit code.
 */
import { run } from "./cli.ts";

const code = await run(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
process.exit(code);
