/**
 * What a user does in a project of their own once Strand is installed: generate code with the
 * CLI, turn the strictest common compiler settings on, type-check, and run a server and a client
 * as two Bun processes. Shared by the npm and pnpm halves of the install test.
 */
import { spawn } from "node:child_process";
import { cpSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { run } from "./user-env.ts";

const FIXTURES = join(import.meta.dir, "fixtures");

/** The settings generated code and Strand's `.d.ts` files must pass, on top of `bun init`'s. */
export const STRICT_FLAGS = ["noUnusedLocals", "noUnusedParameters", "noPropertyAccessFromIndexSignature", "exactOptionalPropertyTypes"] as const;

/** Turns `bun init`'s tsconfig (JSON with comments) strict: the four flags on, and library checks too. */
export function makeStrict(project: string): void {
  const file = join(project, "tsconfig.json");
  let text = readFileSync(file, "utf8").replace(/"skipLibCheck":\s*true/, '"skipLibCheck": false');
  for (const flag of STRICT_FLAGS) {
    const set = new RegExp(`"${flag}":\\s*(true|false)`);
    text = set.test(text) ? text.replace(set, `"${flag}": true`) : text.replace(/"compilerOptions":\s*\{/, `"compilerOptions": {\n    "${flag}": true,`);
  }
  writeFileSync(file, text);
  const expected = [...STRICT_FLAGS.map((flag) => `"${flag}": true`), '"skipLibCheck": false'];
  const missing = expected.filter((setting) => !text.includes(setting));
  if (missing.length > 0) throw new Error(`tsconfig.json of ${project}: could not set ${missing.join(", ")}`);
}

/** Copies the fixture service (`proto/`, `src/server.ts`, `src/client.ts`) into `project`. */
export function addService(project: string): void {
  cpSync(FIXTURES, project, { recursive: true });
}

/** Every file under `dir` with its bytes, keyed by path relative to `dir`. */
export function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, e.name);
      if (e.isDirectory()) walk(full);
      else files.set(relative(dir, full), readFileSync(full, "latin1"));
    }
  };
  walk(dir);
  return files;
}

/** Type-checks `project` with the TypeScript the user installed (bun init's peer dependency). */
export async function typecheck(project: string, env: NodeJS.ProcessEnv): Promise<void> {
  await run(join(project, "node_modules", ".bin", "tsc"), ["--noEmit", "-p", project], project, env);
}

/** Starts `bun src/server.ts` on a free port, runs `bun src/client.ts`, `strand health` and `strand call` against it, stops the server gracefully; their output. */
export async function serveAndCall(project: string, env: NodeJS.ProcessEnv): Promise<string> {
  const server = spawn("bun", ["src/server.ts"], { cwd: project, env: { ...env, PORT: "0" }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  server.stderr.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => server.once("exit", resolve));
  try {
    const port = await new Promise<string>((resolve, reject) => {
      server.stdout.on("data", (d: Buffer) => {
        output += d.toString();
        const m = /listening (\d+)/.exec(output);
        if (m?.[1] !== undefined) resolve(m[1]);
      });
      void exited.then((code) => reject(new Error(`server exited (${code}) before listening:\n${output}`)));
    });
    const client = (await run("bun", ["src/client.ts"], project, { ...env, TARGET: `127.0.0.1:${port}` })).stdout;
    // The installed CLI's health probe, started by Node as an exec probe would: it runs itself
    // again on the Bun it finds and loads strand from the project (pnpm: through its peer dependency).
    const probe = (await run("node", ["node_modules/@strand/codegen/bin/strand.mjs", "health", `127.0.0.1:${port}`, "echo.v1.Echo"], project, env)).stdout;
    // The installed `strand call`, by reflection: it generates the schema's code into a temporary
    // directory and imports it with the project's strand (not the repository's).
    const called = (await run("node", ["node_modules/@strand/codegen/bin/strand.mjs", "call", `127.0.0.1:${port}`, "echo.v1.Echo/Count", '{"text":"n","times":"2"}'], project, env)).stdout;
    server.kill("SIGTERM");
    const code = await exited;
    if (code !== 0) throw new Error(`server did not exit cleanly on SIGTERM (${code}):\n${output}`);
    return client + probe + called;
  } finally {
    if (server.exitCode === null) server.kill("SIGKILL");
  }
}
