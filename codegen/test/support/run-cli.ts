/**
 * Runs the `strand` CLI in-process with captured output, for tests.
 */
import { run } from "../../src/cli.ts";

/** The exit code and captured streams of one CLI run. */
export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `strand ...argv` with working directory `cwd`. */
export async function runCli(argv: readonly string[], cwd: string): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const code = await run(argv, { cwd, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}
