#!/usr/bin/env node
// `npm run demo`: generate the shop's code from proto/, then run examples/shop/src/demo.ts with
// the repository's Bun (installed by `npm ci`). Only Node and npm need to be on the machine.
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bun = join(root, "node_modules", ".bin", process.platform === "win32" ? "bun.exe" : "bun");
const strand = join(root, "codegen", "bin", "strand.mjs");

const run = (command, args) => {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit" });
  if (result.error) throw result.error;
  if (result.status !== 0) process.exit(result.status ?? 1);
};

run(process.execPath, [strand, "generate", "-I", "proto", "--out", "examples/shop/src/gen", "proto/shop"]);
run(bun, ["examples/shop/src/demo.ts"]);
