/**
 * The whole pipeline for one `generate` command, without writing: PATH arguments → `.proto` files
 * → `loadProtos` → `buildModel` → `generate`. Shared by `strand generate` and `strand init` (which
 * generates the scaffold's code in-process), so both produce byte-identical files.
 */
import { existsSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { buildModel } from "./build-model.ts";
import type { CliCommand } from "./cli-args.ts";
import { CodegenError } from "./diagnostic.ts";
import { generate, type GeneratedFile } from "./generate.ts";
import { loadProtos } from "./load-protos.ts";
import type { Model } from "./model.ts";
import { createFsReader, expandPath, protoPathOf } from "./proto-files.ts";

/** A parsed `strand generate …` command. */
export type GenerateCommand = Extract<CliCommand, { kind: "generate" }>;

/** Produces the files for `command`, paths resolved against `cwd` (no writing). */
export function produce(command: GenerateCommand, cwd: string): GeneratedFile[] {
  return generate(modelOfPaths(command.paths, command.includeDirs, cwd));
}

/**
 * The model of the `.proto` files under `paths` (files or directories) with their imports, found
 * in `includeDirs` (default: the directories of `paths`); also what `strand call --proto` uses.
 */
export function modelOfPaths(paths: readonly string[], includes: readonly string[], cwd: string): Model {
  const includeDirs = includes.length > 0 ? includes.map((d) => resolve(cwd, d)) : defaultIncludes(paths.map((p) => resolve(cwd, p)));
  const files = paths.flatMap((p) => expandPath(resolve(cwd, p)));
  if (files.length === 0) throw new CodegenError("usage", `no .proto files found in ${paths.join(", ")}`);
  const protoPaths = [...new Set(files.map((f) => protoPathOf(f, includeDirs)))];
  return buildModel(loadProtos(protoPaths, createFsReader(includeDirs, cwd)));
}

function defaultIncludes(paths: readonly string[]): string[] {
  const dirs = paths.map((p) => (existsSync(p) && statSync(p).isDirectory() ? p : dirname(p)));
  return [...new Set(dirs)];
}
