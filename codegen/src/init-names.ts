/**
 * The names `strand init` derives from the project folder: an npm package name (what `npm install`
 * accepts) and a proto package identifier (what protoc and protobufjs accept), so any folder name
 * — `My Service`, `.tmp`, `2048-game` — scaffolds a project that installs and compiles.
 */

/** What the templates of `strand init` are filled with. */
export interface ScaffoldNames {
  /** The npm `name` of the new project, e.g. `"my-service"`. */
  readonly packageName: string;
  /** The first component of the proto package, e.g. `"my_service"` (the package is `<it>.v1`). */
  readonly protoPackage: string;
  /** The version of `@strand/codegen` (and `strand`) the project depends on, e.g. `"0.2.0"`. */
  readonly version: string;
}

/** npm's own maximum name length. */
const MAX_NAME_LENGTH = 214;

/**
 * Names a package may not take: npm's blacklist, and our dependencies' names (npm refuses to
 * install a package into a project of the same name).
 */
const RESERVED = new Set(["node_modules", "favicon.ico", "strand", "typescript"]);

/** Used when nothing of the folder name survives sanitising. */
const FALLBACK_NAME = "strand-service";

/**
 * A valid npm package name for a folder named `dirName`: lower case; runs of anything but
 * `a-z 0-9 . _ -` become `-`; no leading `.`, `_` or `-`; at most 214 characters.
 */
export function packageNameOf(dirName: string): string {
  const name = dirName
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^[._-]+/, "")
    .slice(0, MAX_NAME_LENGTH)
    .replace(/[-.]+$/, "");
  if (name === "") return FALLBACK_NAME;
  return RESERVED.has(name) ? `${name}-service` : name;
}

/**
 * A proto identifier for `packageName`: runs of anything but `a-z 0-9` become `_`, and a name
 * that does not start with a letter gets a `svc_` prefix (`2048-game` → `svc_2048_game`).
 */
export function protoPackageOf(packageName: string): string {
  const ident = packageName.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "");
  if (ident === "") return "svc";
  return /^[a-z]/.test(ident) ? ident : `svc_${ident}`;
}

/** Every name the templates need, for a project folder named `dirName`. */
export function scaffoldNames(dirName: string, version: string): ScaffoldNames {
  const packageName = packageNameOf(dirName);
  return { packageName, protoPackage: protoPackageOf(packageName), version };
}
