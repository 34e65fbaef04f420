/**
 * The project `strand init` writes, inside the monorepo so `strand` resolves to its sources:
 * it type-checks under its own strict tsconfig with the repository's `tsc`, its own `bun test`
 * passes, and `bun run start` + `bun run client` talk over a real socket.
 *
 * The project sits in a dot-folder (`test/.tmp-init-*`, git-ignored) that `bun test` and this
 * package's tsconfig globs skip. Its tsconfig gains an `extends` of the repository's
 * `tsconfig.base.json`, whose `paths` map `strand` and `strand/*` to sources (an installed
 * project gets the same names from the published `dist/`); every option the scaffold sets itself
 * still wins.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { runCli } from "./support/run-cli.ts";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const tsc = fileURLToPath(new URL("../../node_modules/.bin/tsc", import.meta.url));
let dir = "";

beforeAll(async () => {
  dir = mkdtempSync(join(import.meta.dir, ".tmp-init-"));
  const init = await runCli(["init", dir], import.meta.dir);
  if (init.code !== 0) throw new Error(`strand init failed: ${init.stderr}`);
  const tsconfig = join(dir, "tsconfig.json");
  const base = relative(dir, join(repoRoot, "tsconfig.base.json")).split("\\").join("/");
  writeFileSync(tsconfig, readFileSync(tsconfig, "utf8").replace(/^\{\n/, `{\n  "extends": ${JSON.stringify(base)},\n`));
});

afterAll(() => {
  if (dir !== "") rmSync(dir, { recursive: true, force: true });
});

/** Runs `cmd` in the project and collects its output. */
async function exec(cmd: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string }> {
  const proc = Bun.spawn(cmd, { cwd: dir, env: { ...process.env, ...env }, stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { code, out: stdout + stderr };
}

/** `tsc --noEmit -p <project>`: exit code, and its error lines split by whether they are in the project's files. */
async function typecheck(): Promise<{ code: number; inProject: string[]; elsewhere: string[]; out: string }> {
  const { code, out } = await exec([tsc, "--noEmit", "--pretty", "false", "-p", join(dir, "tsconfig.json")]);
  const errors = out.split("\n").filter((line) => / error TS\d+:/.test(line));
  const located = (line: string): string | undefined => /^(.+?)\(\d+,\d+\): error TS/.exec(line)?.[1];
  const isOutside = (line: string): boolean => {
    const file = located(line);
    return file !== undefined && relative(dir, resolve(dir, file)).startsWith("..");
  };
  return { code, inProject: errors.filter((l) => !isOutside(l)), elsewhere: errors.filter(isOutside), out };
}

describe("the scaffold in the monorepo", () => {
  test("it type-checks with zero errors under its strict tsconfig, Strand's sources included", async () => {
    const result = await typecheck();
    expect(result.inProject).toEqual([]);
    expect(result.elsewhere).toEqual([]);
    expect(result.code).toBe(0);
  }, 60_000);

  test("its own `bun test` passes", async () => {
    const { code, out } = await exec([process.execPath, "test"]);
    expect(out).toContain(" 5 pass");
    expect(out).toContain(" 0 fail");
    expect(code).toBe(0);
  }, 60_000);

  test("`bun run start` serves what `bun run client` calls, then stops gracefully on SIGTERM", async () => {
    const server = Bun.spawn([process.execPath, "src/server.ts"], { cwd: dir, env: { ...process.env, PORT: "0" }, stdout: "pipe", stderr: "inherit" });
    try {
      const reader = server.stdout.getReader();
      let banner = "";
      while (!banner.includes("\n")) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`server exited early: ${banner}`);
        banner += new TextDecoder().decode(value);
      }
      reader.releaseLock();
      const address = /listening on (\S+)/.exec(banner)?.[1];
      expect(address).toMatch(/^127\.0\.0\.1:\d+$/);
      const client = await exec([process.execPath, "src/client.ts"], { GREETER: address ?? "" });
      expect(client.out.trim().split("\n")).toEqual([
        "sayHello:        Hello, Ada!",
        "streamGreetings: Hello, Ada!",
        "streamGreetings: Bonjour, Ada!",
        "streamGreetings: Hallo, Ada!",
        "streamGreetings: Hola, Ada!",
        "collectNames:    Hello, Ada, Grace, Linus!",
        "chat:            Hello, Ada!",
        "chat:            Hello, Grace!",
        'sayHello(" "):   InvalidArgument: name must not be blank',
      ]);
      expect(client.code).toBe(0);
    } finally {
      server.kill("SIGTERM");
      expect(await server.exited).toBe(0);
    }
  }, 60_000);
});
