/**
 * The file-system side of loading: finds `.proto` files for PATH arguments (files or folders,
 * recursively), maps each to its include-relative path, and reads imports from the include
 * directories, then from the bundled well-known types. Used by the CLI only; the core never
 * touches the disk.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { CodegenError } from "./diagnostic.ts";
import type { ProtoReader, ProtoSourceFile } from "./load-protos.ts";

/** The directory holding the bundled `google/protobuf/*.proto`. */
export const BUNDLED_INCLUDE = resolve(dirname(fileURLToPath(import.meta.url)), "..", "protos");

/** All `.proto` files under `path` (itself when it is a file), sorted for determinism. */
export function expandPath(path: string): string[] {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new CodegenError("io", `${path}: no such file or directory`);
  }
  if (stat.isFile()) return [resolve(path)];
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".proto")) out.push(full);
    }
  };
  walk(resolve(path));
  return out;
}

/** The include-relative path of `file` under the first include dir containing it. */
export function protoPathOf(file: string, includeDirs: readonly string[]): string {
  for (const dir of includeDirs) {
    const rel = relative(resolve(dir), resolve(file));
    if (rel !== "" && !rel.startsWith("..") && !isAbsolute(rel)) return rel.split(sep).join("/");
  }
  throw new CodegenError("usage", `${file} is not inside any include directory (${includeDirs.join(", ")}); add -I`);
}

/** A reader over `includeDirs` plus the bundled well-known types; display paths are cwd-relative. */
export function createFsReader(includeDirs: readonly string[], cwd: string): ProtoReader {
  const dirs = [...includeDirs.map((d) => resolve(cwd, d)), BUNDLED_INCLUDE];
  return {
    read(protoPath: string): ProtoSourceFile | undefined {
      for (const dir of dirs) {
        const full = join(dir, protoPath);
        if (existsSync(full)) {
          const rel = relative(cwd, full);
          const displayPath = rel.startsWith("..") || isAbsolute(rel) ? full : rel;
          return { protoPath, displayPath, text: readFileSync(full, "utf8") };
        }
      }
      return undefined;
    },
  };
}
