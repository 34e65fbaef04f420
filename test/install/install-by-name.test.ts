/**
 * Strand installed the way a user installs it: every publishable package is packed (`prepack`
 * builds it) and published to a local registry this test starts, then projects outside the
 * repository install `strand` and `@strand/codegen` by name — with npm, pnpm and bun — generate
 * code with the CLI on Node alone, type-check under the strictest common settings, and run a
 * server and a client as two Bun processes.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type LocalRegistry, startRegistry } from "./local-registry.ts";
import { addService, makeStrict, serveAndCall, snapshot, typecheck } from "./user-project.ts";
import { run, timings, type UserEnv, userEnv } from "./user-env.ts";

const repo = join(import.meta.dir, "..", "..");
const bin = (name: string): string => join(repo, "node_modules", ".bin", name);
const PUBLISHED = ["@strand/protobuf", "@strand/rpc", "@strand/wire", "@strand/tcp", "strand", "@strand/codegen", "@strand/otel", "@strand/metrics", "@strand/admin"];
const MINUTE = 60_000;

let root = "";
let registry: LocalRegistry | undefined;
let env: UserEnv;
/** The three user journeys run concurrently (mostly waiting on installs); each test awaits its own. */
const journeys = new Map<string, Promise<void>>();

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "strand-install-"));
  registry = await startRegistry(join(root, "registry"), join(repo, "node_modules", "verdaccio", "bin", "verdaccio"));
  env = userEnv(root, registry, join(repo, "node_modules", "bun", "bin", "bun.exe"));
  // Published from the checkout as a maintainer would, so each package's `prepack` (the build) runs.
  const publishEnv = { ...process.env, NPM_CONFIG_USERCONFIG: registry.npmrc, NPM_CONFIG_UPDATE_NOTIFIER: "false" };
  const workspaces = PUBLISHED.flatMap((name) => ["--workspace", name]);
  const published = await run("npm", ["publish", ...workspaces, "--registry", registry.url], repo, publishEnv, 3 * MINUTE);
  // npm "auto-corrects" some manifest mistakes while publishing (it dropped the bin once): none may be left.
  const warnings = published.stderr.split("\n").filter((line) => /npm warn/.test(line));
  if (warnings.length > 0) throw new Error(`npm publish warned:\n${warnings.join("\n")}`);
  bunInitProject = join(root, "bun-init");
  mkdirSync(bunInitProject);
  await run("bun", ["init", "-y"], bunInitProject, env.withBun);
  for (const [name, journey] of [["npm", npmUser], ["pnpm", pnpmUser], ["bun", bunUser], ["init", scaffolded]] as const) {
    const running = journey();
    running.catch(() => {}); // reported by the test that awaits it
    journeys.set(name, running);
  }
}, 3 * MINUTE);

afterAll(async () => {
  await Promise.allSettled(journeys.values());
  console.log(`install test, time per command:\n${timings.join("\n")}`);
  await registry?.close();
  if (root !== "") rmSync(root, { recursive: true, force: true });
});

/** A project `bun init` made outside the repository (its own `bun install` went to the local registry); copied per journey. */
let bunInitProject = "";

/** A fresh copy of the `bun init` project, named for one journey. */
function fromBunInit(name: string): string {
  const project = join(root, name);
  cpSync(bunInitProject, project, { recursive: true, verbatimSymlinks: true });
  return project;
}

/** Generates with the CLI under Node alone and under Bun; both must write the same bytes. */
async function generateBothWays(project: string, strand: readonly string[]): Promise<void> {
  expect((await run("sh", ["-c", "command -v bun || echo none"], project, env.noBun)).stdout.trim()).toBe("none");
  await run(strand[0] ?? "npx", [...strand.slice(1), "generate", "-I", "proto", "--out", "src/gen", "proto"], project, env.noBun);
  await run("bun", ["node_modules/@strand/codegen/bin/strand.mjs", "generate", "-I", "proto", "--out", "gen-bun", "proto"], project, env.withBun);
  const byNode = snapshot(join(project, "src", "gen"));
  expect([...byNode.keys()].sort()).toEqual(["echo/v1/echo.ts", "google/protobuf/timestamp.ts"]);
  expect(snapshot(join(project, "gen-bun"))).toEqual(byNode);
  rmSync(join(project, "gen-bun"), { recursive: true });
  // Plugin mode, on Node alone: protoc drives the installed protoc-gen-strand to the same bytes.
  mkdirSync(join(project, "gen-plugin"));
  const plugin = "--plugin=protoc-gen-strand=node_modules/.bin/protoc-gen-strand";
  await run("protoc", [plugin, "--strand_out=gen-plugin", "-I", "proto", "-I", "node_modules/@strand/codegen/protos", "proto/echo/v1/echo.proto"], project, env.noBun);
  expect(snapshot(join(project, "gen-plugin"))).toEqual(byNode);
  rmSync(join(project, "gen-plugin"), { recursive: true });
  for (const text of byNode.values()) {
    for (const [, specifier] of text.matchAll(/from "([^".][^"]*)"/g)) expect(["strand/protobuf", "strand/service"]).toContain(specifier ?? "");
  }
}

/** The README's path: `bun init`, `npm install strand`, `npm install -D @strand/codegen`, generate, type-check, run. */
async function npmUser(): Promise<void> {
  const project = fromBunInit("npm-user");
  await run("npm", ["install", "strand"], project, env.noBun);
  await run("npm", ["install", "--save-dev", "@strand/codegen"], project, env.noBun);
  const pkg = JSON.parse(readFileSync(join(project, "package.json"), "utf8")) as Record<string, Record<string, string>>;
  expect(Object.keys(pkg["dependencies"] ?? {})).toEqual(["strand"]);
  expect(Object.keys(pkg["devDependencies"] ?? {})).toContain("@strand/codegen");
  addService(project);
  await generateBothWays(project, ["npx", "strand"]);
  makeStrict(project);
  await typecheck(project, env.noBun);
  expect(await serveAndCall(project, env.withBun)).toMatch(/all four call kinds ok\n127\.0\.0\.1:\d+: echo\.v1\.Echo is SERVING\n\{"text":"n 1","label":"1"\}\n\{"text":"n 2","label":"2"\}\n$/);
}

/** The same under pnpm, whose strict layout resolves only what a package declares. */
async function pnpmUser(): Promise<void> {
  const project = fromBunInit("pnpm-user");
  rmSync(join(project, "node_modules"), { recursive: true });
  rmSync(join(project, "bun.lock"));
  const pnpm = bin("pnpm");
  const store = ["--store-dir", join(root, "pnpm-store")];
  await run(pnpm, ["add", "strand", ...store], project, env.noBun);
  await run(pnpm, ["add", "--save-dev", "@strand/codegen", "typescript", ...store], project, env.noBun); // pnpm skips a root peer dependency (bun init's typescript)
  expect(existsSync(join(project, "node_modules", "@strand"))).toBe(true); // codegen only: the runtime's internals stay hidden
  expect(existsSync(join(project, "node_modules", "@strand", "protobuf"))).toBe(false);
  addService(project);
  await generateBothWays(project, [pnpm, "exec", "strand"]);
  makeStrict(project);
  await typecheck(project, env.noBun);
  expect(await serveAndCall(project, env.withBun)).toMatch(/all four call kinds ok\n127\.0\.0\.1:\d+: echo\.v1\.Echo is SERVING\n\{"text":"n 1","label":"1"\}\n\{"text":"n 2","label":"2"\}\n$/);
}

/** The same with `bun add`, whose layout is npm's but whose resolver is Bun's own. */
async function bunUser(): Promise<void> {
  const project = fromBunInit("bun-user");
  await run("bun", ["add", "strand"], project, env.withBun);
  await run("bun", ["add", "--dev", "@strand/codegen"], project, env.withBun);
  addService(project);
  await generateBothWays(project, [join(project, "node_modules", ".bin", "strand")]);
  makeStrict(project);
  await typecheck(project, env.noBun);
  expect(await serveAndCall(project, env.withBun)).toMatch(/all four call kinds ok\n127\.0\.0\.1:\d+: echo\.v1\.Echo is SERVING\n\{"text":"n 1","label":"1"\}\n\{"text":"n 2","label":"2"\}\n$/);
}

/** `strand init` from the published CLI, then `npm install` and the scaffold's own tests. */
async function scaffolded(): Promise<void> {
  const project = join(root, "scaffolded");
  await run("npx", ["--yes", "--package", "@strand/codegen", "strand", "init", project], root, env.noBun);
  await run("npm", ["install"], project, env.noBun);
  await typecheck(project, env.noBun);
  const out = await run("bun", ["test"], project, env.withBun);
  expect(`${out.stdout}${out.stderr}`).toMatch(/\b[1-9]\d* pass\b/);
  expect(`${out.stdout}${out.stderr}`).toMatch(/\b0 fail\b/);
}

test("npm: a bun init project installs both packages by name, generates on Node alone, type-checks strictly and serves all four call kinds", async () => {
  await journeys.get("npm");
}, 3 * MINUTE);

test("pnpm: under the strict layout, generated code resolves everything through strand alone", async () => {
  await journeys.get("pnpm");
}, 3 * MINUTE);

test("bun add: the same project installed by Bun's package manager", async () => {
  await journeys.get("bun");
}, 3 * MINUTE);

test("strand init scaffolds a service whose type-check and tests pass right after npm install", async () => {
  await journeys.get("init");
}, 3 * MINUTE);
