/**
 * `strand init [DIR]`: scaffolds a Bun microservice that installs, runs, tests and type-checks at
 * once. Refuses a folder that is not empty (it never overwrites), writes the templates, then
 * generates the code for the written `.proto` in-process — the same pipeline and arguments as the
 * project's `generate` script — so `bun test` passes right after `npm install`.
 */
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve } from "node:path";
import { type CliCommand, parseArgs } from "./cli-args.ts";
import type { CliIo } from "./cli.ts";
import { CodegenError } from "./diagnostic.ts";
import { type ScaffoldNames, scaffoldNames } from "./init-names.ts";
import { clientTs, greeterTestTs, handlersTs, serverTs } from "./init-source-templates.ts";
import { GENERATE_ARGS, gitignore, greeterProto, packageJson, protoPath, readme, tsconfigJson } from "./init-templates.ts";
import { type GenerateCommand, produce } from "./produce.ts";
import { VERSION } from "./version.ts";

/** A parsed `strand init [DIR]`. */
export type InitCommand = Extract<CliCommand, { kind: "init" }>;

/** One file of the scaffold: its project-relative path (with `/`) and its text. */
export interface ScaffoldFile {
  readonly path: string;
  readonly content: string;
}

/** How many entries of a non-empty folder the refusal lists before "… and N more". */
const MAX_LISTED = 20;

/** The hand-written files of the scaffold; the generated code comes from {@link generatedFiles}. */
export function scaffoldFiles(names: ScaffoldNames): ScaffoldFile[] {
  return [
    { path: "package.json", content: packageJson(names) },
    { path: "tsconfig.json", content: tsconfigJson() },
    { path: ".gitignore", content: gitignore() },
    { path: "README.md", content: readme(names) },
    { path: protoPath(names), content: greeterProto(names) },
    { path: "src/handlers.ts", content: handlersTs(names) },
    { path: "src/server.ts", content: serverTs(names) },
    { path: "src/client.ts", content: clientTs(names) },
    { path: "src/greeter.test.ts", content: greeterTestTs(names) },
  ];
}

/** The project's `generate` script as a command: what `init` runs once the `.proto` is written. */
export function generateCommand(): GenerateCommand {
  const command = parseArgs(GENERATE_ARGS);
  if (command.kind !== "generate") throw new Error(`GENERATE_ARGS parse as "${command.kind}"`);
  return command;
}

/** The generated code of the project in `root` (whose `.proto` files are written), output-relative to `root`. */
export function generatedFiles(root: string): ScaffoldFile[] {
  const command = generateCommand();
  return produce(command, root).map((file) => ({ path: `${command.outDir}/${file.path}`, content: file.content }));
}

/** Runs `strand init`; returns the exit code (0 written, 1 refused or failed). */
export function runInit(command: InitCommand, io: CliIo): number {
  const target = resolve(io.cwd, command.dir);
  // As the user named it: absolute stays absolute, relative is shown relative to the working dir.
  const shown = isAbsolute(command.dir) ? target : relative(io.cwd, target) || ".";
  let written: string[];
  try {
    const refusal = refusalFor(target, shown);
    if (refusal !== undefined) {
      io.stderr(`strand: ${refusal}`);
      return 1;
    }
    const names = scaffoldNames(basename(target), VERSION);
    mkdirSync(target, { recursive: true });
    written = scaffoldFiles(names).map((file) => writeNew(target, file));
    written.push(...generatedFiles(target).map((file) => writeNew(target, file)));
    io.stdout(`strand: created ${names.packageName} (proto package ${names.protoPackage}.v1) in ${shown}\n`);
  } catch (error) {
    io.stderr(`strand: init failed: ${CodegenError.from(error).message}\n`);
    return 1;
  }
  for (const path of written) io.stdout(`  ${path}\n`);
  const cd = target === resolve(io.cwd) ? "" : `cd ${shellQuote(shown)} && `;
  io.stdout(`\nNext steps:\n  ${cd}npm install && bun test\n\nThen \`bun run start\` and, in another terminal, \`bun run client\`.\n`);
  return 0;
}

/** Why `target` cannot be scaffolded into (with a trailing newline), or `undefined` when it can. */
function refusalFor(target: string, shown: string): string | undefined {
  if (!existsSync(target)) return undefined;
  if (!statSync(target).isDirectory()) return `${shown} exists and is not a directory\n`;
  const entries = readdirSync(target, { withFileTypes: true })
    .map((e) => (e.isDirectory() ? `${e.name}/` : e.name))
    .sort();
  if (entries.length === 0) return undefined;
  const listed = entries.slice(0, MAX_LISTED).map((e) => `  ${e}\n`).join("");
  const more = entries.length > MAX_LISTED ? `  … and ${entries.length - MAX_LISTED} more\n` : "";
  return `${shown} is not empty, and init writes only into a new or empty directory. It holds:\n${listed}${more}`;
}

/** Writes `file` under `root`, failing rather than overwriting; returns its path. */
function writeNew(root: string, file: ScaffoldFile): string {
  const full = join(root, file.path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, file.content, { flag: "wx" });
  return file.path;
}

/** `path` as one POSIX shell word, for the printed `cd`. */
function shellQuote(path: string): string {
  if (/^[\w@%+=:,./-]+$/.test(path)) return path;
  return `'${path.replace(/'/g, `'\\''`)}'`;
}
