#!/usr/bin/env node
// Builds the workspace package in the current directory for publishing: ESM JavaScript with
// source maps (sources inlined: the tarball ships no `src/`) and `.d.ts` files into `dist/`, from
// `tsconfig.build.json`. Run by each package's `build` script and, through turbo, by `prepack`.
//
// The sources import each other as `./x.ts` (Bun runs them directly). The compiler rewrites those
// specifiers to `.js` in JavaScript output but keeps `.ts` in declarations, which a user's
// TypeScript without `allowImportingTsExtensions` rejects; so declarations are rewritten here.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

const pkgDir = process.cwd();
const dist = join(pkgDir, "dist");

/** The repository's `tsc`, found by walking up from the package (npm workspaces hoist it to the root). */
function findTsc(from) {
  for (let dir = from; ; dir = dirname(dir)) {
    const bin = join(dir, "node_modules", ".bin", "tsc");
    if (existsSync(bin)) return bin;
    if (dirname(dir) === dir) throw new Error(`build: no node_modules/.bin/tsc above ${from}; run npm ci at the repository root`);
  }
}

/** Every file below `dir`, recursively. */
function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

const RELATIVE_TS = /((?:from|import)\s*\(?\s*)(["'])(\.{1,2}\/[^"']*?)\.ts\2/g;

rmSync(dist, { recursive: true, force: true });
const tsc = spawnSync(findTsc(pkgDir), ["-p", resolve(pkgDir, "tsconfig.build.json")], { stdio: "inherit" });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
let rewritten = 0;
for (const file of walk(dist)) {
  if (!file.endsWith(".d.ts")) continue;
  const text = readFileSync(file, "utf8");
  const out = text.replace(RELATIVE_TS, (_m, lead, quote, path) => `${lead}${quote}${path}.js${quote}`);
  if (out !== text) {
    writeFileSync(file, out);
    rewritten++;
  }
}
const probe = new RegExp(RELATIVE_TS.source); // no /g: test() must not carry lastIndex between files
const left = walk(dist).filter((f) => f.endsWith(".d.ts") && probe.test(readFileSync(f, "utf8")));
if (left.length > 0) {
  console.error(`build: .ts specifiers left in ${left.join(", ")}`);
  process.exit(1);
}
console.log(`build: ${walk(dist).length} files in ${dist} (${rewritten} declaration files rewritten)`);
