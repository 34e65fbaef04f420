#!/usr/bin/env node
// The `strand` bin. Plain Node ESM so `npx strand` works where only Node and npm are installed:
// the CLI itself is TypeScript run by the repository's Bun (a devDependency installed by `npm ci`).
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const main = join(dirname(fileURLToPath(import.meta.url)), "..", "src", "cli-main.ts");

if (process.versions.bun !== undefined) {
  await import(main);
} else {
  let bun;
  try {
    const require = createRequire(import.meta.url);
    const pkg = require.resolve("bun/package.json");
    bun = join(dirname(pkg), "bin", "bun.exe");
  } catch {
    bun = "bun"; // fall back to a bun on PATH
  }
  const result = spawnSync(bun, [main, ...process.argv.slice(2)], { stdio: "inherit" });
  if (result.error !== undefined) {
    process.stderr.write(`strand: cannot start bun (${result.error.message}); run \`npm ci\` at the repository root\n`);
    process.exit(1);
  }
  process.exit(result.status ?? 1);
}
