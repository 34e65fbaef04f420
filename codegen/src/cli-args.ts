/**
 * Command-line parsing for `strand`: a small, strict parser (unknown flags are errors, not
 * ignored) producing a validated {@link CliCommand}.
 */
import type { ClientCommandName } from "./client/client-args.ts";
import { CodegenError } from "./diagnostic.ts";

/** The client subcommands: they talk to a running server. */
const CLIENT_COMMANDS: readonly string[] = ["health", "list", "describe", "call"];

/** What the user asked for. */
export type CliCommand =
  | { readonly kind: "help"; readonly topic: "main" | "generate" | "init" }
  | { readonly kind: "version" }
  | {
      /** `strand health`, `list`, `describe`, `call`: parsed further by `client/client-args.ts`. */
      readonly kind: "client";
      readonly name: ClientCommandName;
      readonly argv: readonly string[];
    }
  | {
      readonly kind: "init";
      /** Where to scaffold the project, as given (relative to the working directory); default ".". */
      readonly dir: string;
    }
  | {
      readonly kind: "generate";
      /** `-I` / `--proto_path` directories, in order. */
      readonly includeDirs: readonly string[];
      readonly outDir: string;
      /** `.proto` files or folders. */
      readonly paths: readonly string[];
      /** Compare instead of writing; exit 1 when stale. */
      readonly check: boolean;
      /** Regenerate on change until interrupted. */
      readonly watch: boolean;
    };

/** Parses `argv` (without the node/bun and script entries); throws `usage` errors. */
export function parseArgs(argv: readonly string[]): CliCommand {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    return { kind: "help", topic: rest[0] === "generate" || rest[0] === "init" ? rest[0] : "main" };
  }
  if (command === "--version" || command === "-v") return { kind: "version" };
  if (command === "init") return parseInit(rest);
  if (CLIENT_COMMANDS.includes(command)) return { kind: "client", name: command as ClientCommandName, argv: rest };
  if (command !== "generate") throw new CodegenError("usage", `unknown command "${command}" (try: strand --help)`);
  const includeDirs: string[] = [];
  const paths: string[] = [];
  let outDir: string | undefined;
  let check = false;
  let watch = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] ?? "";
    const value = (flag: string): string => {
      const next = rest[++i];
      if (next === undefined || next.startsWith("-")) throw new CodegenError("usage", `${flag} needs a value`);
      return next;
    };
    if (arg === "--help" || arg === "-h") return { kind: "help", topic: "generate" };
    else if (arg === "-I" || arg === "--proto_path" || arg === "--include") includeDirs.push(value(arg));
    else if (arg.startsWith("-I") && arg.length > 2) includeDirs.push(arg.slice(2));
    else if (arg.startsWith("--proto_path=")) includeDirs.push(arg.slice("--proto_path=".length));
    else if (arg === "--out" || arg === "-o") outDir = value(arg);
    else if (arg.startsWith("--out=")) outDir = arg.slice("--out=".length);
    else if (arg === "--check") check = true;
    else if (arg === "--watch" || arg === "-w") watch = true;
    else if (arg.startsWith("-")) throw new CodegenError("usage", `unknown option "${arg}" (try: strand generate --help)`);
    else paths.push(arg);
  }
  if (outDir === undefined || outDir === "") throw new CodegenError("usage", "missing --out DIR (try: strand generate --help)");
  if (paths.length === 0) throw new CodegenError("usage", "no PATH given: name .proto files or folders (try: strand generate --help)");
  if (check && watch) throw new CodegenError("usage", "--check and --watch cannot be combined");
  return { kind: "generate", includeDirs, outDir, paths, check, watch };
}

/** `strand init [DIR]`: at most one directory; the only option is `--help`. */
function parseInit(rest: readonly string[]): CliCommand {
  let dir: string | undefined;
  for (const arg of rest) {
    if (arg === "--help" || arg === "-h") return { kind: "help", topic: "init" };
    if (arg.startsWith("-")) throw new CodegenError("usage", `unknown option "${arg}" (try: strand init --help)`);
    if (arg === "") throw new CodegenError("usage", "DIR must not be empty (try: strand init --help)");
    if (dir !== undefined) throw new CodegenError("usage", `init takes one DIR, got "${dir}" and "${arg}" (try: strand init --help)`);
    dir = arg;
  }
  return { kind: "init", dir: dir ?? "." };
}

/** `strand --help`. */
export const MAIN_HELP = `strand — compile .proto files into typed TypeScript for Strand

Usage:
  strand generate [-I DIR]... --out DIR [--check | --watch] PATH...
  strand init [DIR]           scaffold a Bun microservice (default DIR: .)
  strand call TARGET pkg.Service/Method [JSON]
                              call a method of a running server, JSON in and out
  strand list TARGET [SERVICE]
                              list its services (reflection or --proto), or their methods
  strand describe TARGET [SYMBOL]
                              show a service, method, message or enum as .proto text
  strand health TARGET [SERVICE]
                              check a running server's health (exit 0 serving, 4 not)
  strand COMMAND --help       options of call, list, describe and health
  strand --help               this text
  strand generate --help      options and examples of generate
  strand init --help          what init writes
  strand --version            print the version

Generated modules import only strand/protobuf and strand/service (both from the strand
package).
`;

/** `strand generate --help`. */
export const GENERATE_HELP = `strand generate — write one .ts module per .proto file

Usage:
  strand generate [-I DIR]... --out DIR [--check | --watch] PATH...

Arguments:
  PATH                 a .proto file or a folder (searched recursively for *.proto)

Options:
  -I, --proto_path DIR include directory for imports; repeatable, searched in order.
                       Default: each folder PATH (and the folder of each file PATH).
                       google/protobuf/*.proto (well-known types) are always available.
  -o, --out DIR        output root: a/b/c.proto (relative to its include dir) → DIR/a/b/c.ts
      --check          write nothing; exit 1 and list stale or missing files (for CI)
  -w, --watch          regenerate whenever a .proto file changes (Ctrl-C to stop)
  -h, --help           this text

Examples:
  strand generate --out src/gen proto/
  strand generate -I proto -I third_party --out src/gen proto/shop/v1/order.proto
  strand generate -I proto --out src/gen --check proto/
  strand generate -I proto --out src/gen --watch proto/

Errors are printed as file:line:col: message and exit with status 1 (2 for bad usage).
`;

/** `strand init --help`. */
export const INIT_HELP = `strand init — scaffold a Bun microservice that runs, tests and type-checks at once

Usage:
  strand init [DIR]

Arguments:
  DIR                  the project folder (default: the current directory); created when
                       missing, refused (exit 1) when it exists and is not empty

Options:
  -h, --help           this text

Writes package.json (named after DIR), tsconfig.json, proto/<name>/v1/greeter.proto (a Greeter
service with all four call kinds), its generated code in src/gen, src/handlers.ts, src/server.ts,
src/client.ts, src/greeter.test.ts, README.md and .gitignore.

Examples:
  strand init my-service && cd my-service && npm install && bun test
  mkdir api && cd api && strand init
`;
