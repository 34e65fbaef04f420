/**
 * The CLI's own version, read from codegen's `package.json` at run time so `strand --version` and
 * the ranges `strand init` writes can never drift from the published package. `src/` and a built
 * `dist/` sit at the same depth, so `../package.json` is right from both; only `node:` APIs, so the
 * CLI still runs on Node alone.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The `version` of `@strand/codegen` (e.g. `"0.2.0"`). */
export const VERSION: string = readVersion();

function readVersion(): string {
  const path = fileURLToPath(new URL("../package.json", import.meta.url));
  const manifest: unknown = JSON.parse(readFileSync(path, "utf8"));
  const version = typeof manifest === "object" && manifest !== null ? (manifest as { version?: unknown }).version : undefined;
  if (typeof version !== "string" || version === "") throw new Error(`${path} has no "version"`);
  return version;
}
