/**
 * Process entry of the `strand` CLI (run by Bun via `bin/strand.mjs`): wires {@link run} to the
 * real process streams and exit code.
 */
import { run } from "./cli.ts";

const code = await run(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stdin: () => process.stdin,
  stdoutIsTTY: process.stdout.isTTY === true,
  stderrIsTTY: process.stderr.isTTY === true,
});
// Let piped output reach the reader before the process ends (exit does not wait for pipes).
await new Promise<void>((resolve) => process.stdout.write("", () => resolve()));
process.exit(code);
