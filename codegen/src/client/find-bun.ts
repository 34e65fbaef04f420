/**
 * The client subcommands run on Bun (Strand's transport is Bun's sockets) while `strand generate`
 * runs on Node alone. Started under Node, they run themselves again with a Bun: the project's
 * (`node_modules/.bin/bun`, from the `bun` npm package), else one on PATH.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";

/** The Bun to run under, or `undefined` when there is none. */
export function findBun(cwd: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const exe = process.platform === "win32" ? "bun.exe" : "bun";
  for (let dir = cwd; ; dir = dirname(dir)) {
    const local = join(dir, "node_modules", ".bin", exe);
    if (existsSync(local)) return local;
    if (dirname(dir) === dir) break;
  }
  for (const dir of (env["PATH"] ?? "").split(delimiter)) {
    if (dir !== "" && existsSync(join(dir, exe))) return join(dir, exe);
  }
  return undefined;
}

/**
 * Runs `script argv` under Bun with this process's streams and resolves to its exit code;
 * `undefined` when no Bun was found (the caller says how to install it).
 */
export function rerunUnderBun(cwd: string, script: string, argv: readonly string[]): number | undefined {
  const bun = findBun(cwd);
  if (bun === undefined) return undefined;
  const result = spawnSync(bun, [script, ...argv], { stdio: "inherit", cwd });
  if (result.error !== undefined) return undefined;
  return result.status ?? 1;
}
