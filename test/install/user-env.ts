/**
 * The environment of a user's machine, for the install test: no npm or turbo variables inherited
 * from the `npm test` that runs us, npm and bun pointed at the local registry, and a PATH either
 * without any Bun (the CLI must run on Node alone) or with only the repository's Bun added.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, symlinkSync } from "node:fs";
import { basename, delimiter, join } from "node:path";

/** Environments for the two kinds of step. */
export interface UserEnv {
  /** PATH holds no `bun`: what a frontend or CI image without Bun has. */
  readonly noBun: NodeJS.ProcessEnv;
  /** PATH holds the repository's Bun (as `bun`), nothing else of the repository. */
  readonly withBun: NodeJS.ProcessEnv;
}

/** Builds both environments; `bunBinary` is the checkout's Bun, linked as `bun` into `dir`. */
export function userEnv(dir: string, registry: { url: string; npmrc: string }, bunBinary: string): UserEnv {
  const base: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|NPM_|TURBO_|BUN_|INIT_CWD$|NODE_OPTIONS$|NODE_PATH$)/.test(key)) continue;
    base[key] = value;
  }
  const path = (process.env["PATH"] ?? "").split(delimiter).filter((d) => d !== "" && !existsSync(join(d, "bun")));
  Object.assign(base, {
    PATH: path.join(delimiter),
    NPM_CONFIG_USERCONFIG: registry.npmrc,
    NPM_CONFIG_REGISTRY: registry.url,
    NPM_CONFIG_AUDIT: "false",
    NPM_CONFIG_FUND: "false",
    NPM_CONFIG_UPDATE_NOTIFIER: "false",
    BUN_CONFIG_REGISTRY: registry.url,
    NO_COLOR: "1",
  });
  const bunDir = join(dir, "bun-bin");
  mkdirSync(bunDir, { recursive: true });
  if (!existsSync(join(bunDir, "bun"))) symlinkSync(bunBinary, join(bunDir, "bun"));
  return { noBun: base, withBun: { ...base, PATH: `${bunDir}${delimiter}${base["PATH"]}` } };
}

/** How long each command took, in the order they finished: printed by the test, so install times are on record. */
export const timings: string[] = [];

/** What a finished command printed. */
export interface RunResult {
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a command to completion without blocking the event loop (the projects of the install test
 * are worked on concurrently); throws with everything it printed when it fails or outlives `timeoutMs`.
 */
export async function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs = 120_000): Promise<RunResult> {
  const started = performance.now();
  const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (c, s) => resolve([c, s]));
  }).finally(() => clearTimeout(timer));
  const label = `${basename(cwd)}: ${basename(command)} ${args.slice(0, 3).join(" ")}`;
  timings.push(`${((performance.now() - started) / 1000).toFixed(1).padStart(5)} s  ${label}`);
  if (code !== 0) throw new Error(`${command} ${args.join(" ")} (in ${cwd}) failed: ${code ?? signal}\n${stdout}\n${stderr}`);
  return { stdout, stderr };
}
