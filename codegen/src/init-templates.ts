/**
 * The project files `strand init` writes besides TypeScript sources: `package.json`,
 * `tsconfig.json`, the Greeter `.proto`, `README.md` and `.gitignore`. Pure functions of
 * {@link ScaffoldNames}, so tests can compare them without touching the disk.
 */
import type { ScaffoldNames } from "./init-names.ts";

/** `strand` arguments that regenerate the scaffold's code; `init` runs exactly these in-process. */
export const GENERATE_ARGS: readonly string[] = ["generate", "-I", "proto", "--out", "src/gen", "proto"];

/** The scaffold's `.proto`, relative to the project (its include dir is `proto`). */
export function protoPath(names: ScaffoldNames): string {
  return `proto/${names.protoPackage}/v1/greeter.proto`;
}

/** The generated module of the Greeter, as imported from a file in `src/`. */
export function generatedImport(names: ScaffoldNames): string {
  return `./gen/${names.protoPackage}/v1/greeter.ts`;
}

/** `package.json`: scripts for the whole loop, dependencies pinned to this CLI's version. */
export function packageJson(names: ScaffoldNames): string {
  const generate = `strand ${GENERATE_ARGS.join(" ")}`;
  const manifest = {
    name: names.packageName,
    private: true,
    type: "module",
    scripts: {
      generate,
      "check:gen": checkCommand(),
      start: "bun src/server.ts",
      client: "bun src/client.ts",
      test: "bun test",
      typecheck: "tsc --noEmit",
    },
    dependencies: { strand: `^${names.version}` },
    devDependencies: {
      "@strand/codegen": `^${names.version}`,
      "@types/bun": "^1.3.0",
      typescript: "^7.0.0",
    },
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** `strand generate … --check …`: the generate command, comparing instead of writing. */
function checkCommand(): string {
  const args = [...GENERATE_ARGS];
  args.splice(args.length - 1, 0, "--check");
  return `strand ${args.join(" ")}`;
}

/** `tsconfig.json`: what `bun init` writes, with its "stricter flags" turned on. */
export function tsconfigJson(): string {
  return `{
  "compilerOptions": {
    // Environment setup & latest features
    "lib": ["ESNext"],
    "target": "ESNext",
    "module": "Preserve",
    "moduleDetection": "force",
    "jsx": "react-jsx",
    "allowJs": true,
    "types": ["bun"],

    // Bundler mode
    "moduleResolution": "bundler",
    "allowImportingTsExtensions": true,
    "verbatimModuleSyntax": true,
    "noEmit": true,

    // Best practices
    "strict": true,
    "skipLibCheck": true,
    "noFallthroughCasesInSwitch": true,
    "noUncheckedIndexedAccess": true,
    "noImplicitOverride": true,

    // Stricter flags (bun init writes them disabled)
    "noUnusedLocals": true,
    "noUnusedParameters": true,
    "noPropertyAccessFromIndexSignature": true,
    "exactOptionalPropertyTypes": true
  }
}
`;
}

/** The Greeter service: one method of each of the four call kinds. */
export function greeterProto(names: ScaffoldNames): string {
  return `syntax = "proto3";

package ${names.protoPackage}.v1;

// Greets people, with one method of each kind of call Strand supports.
service Greeter {
  // Unary: one request, one reply.
  rpc SayHello(HelloRequest) returns (HelloReply);
  // Server streaming: one request, a greeting per language.
  rpc StreamGreetings(HelloRequest) returns (stream HelloReply);
  // Client streaming: many names, then one reply greeting them all.
  rpc CollectNames(stream HelloRequest) returns (HelloReply);
  // Bidirectional streaming: a reply to each request as it arrives.
  rpc Chat(stream HelloRequest) returns (stream HelloReply);
}

// Who to greet.
message HelloRequest {
  // Must not be blank: the server answers INVALID_ARGUMENT.
  string name = 1;
}

// A greeting.
message HelloReply {
  string message = 1;
}
`;
}

/** `README.md`: run, change the API, test. */
export function readme(names: ScaffoldNames): string {
  const proto = protoPath(names);
  return `# ${names.packageName}

A Bun microservice on [Strand](https://www.npmjs.com/package/strand): a \`Greeter\` service with all
four kinds of call (unary, server streaming, client streaming, bidi), defined in
\`${proto}\`.

## Run

\`\`\`sh
npm install          # or: bun install
bun run start        # the server, on 127.0.0.1:50051 (PORT=… to change)
bun run client       # in another terminal: calls every method (GREETER=host:port to change)
\`\`\`

Ctrl-C (or SIGTERM) closes the server gracefully: in-flight calls finish first.

## Change the API

Edit \`${proto}\` (or add \`.proto\` files under \`proto/\`), then regenerate the
TypeScript in \`src/gen\` and implement what changed in \`src/handlers.ts\`:

\`\`\`sh
bun run generate     # ${`strand ${GENERATE_ARGS.join(" ")}`}
bun run typecheck    # the compiler lists handlers that are missing or have the wrong shape
bun run check:gen    # for CI: fails when src/gen is out of date
\`\`\`

\`src/gen\` is generated (do not edit it) and committed, so the project builds without a
generate step.

## Test

\`\`\`sh
bun test             # starts the server on a free port and calls every method over TCP
\`\`\`

## Layout

| path | what |
|---|---|
| \`${proto}\` | the service definition |
| \`src/gen/\` | generated messages, service descriptor, client and handler types |
| \`src/handlers.ts\` | the implementation, shared by the server and the test |
| \`src/server.ts\` | listens and shuts down gracefully |
| \`src/client.ts\` | calls every method and prints the replies |
| \`src/greeter.test.ts\` | end-to-end test over a real socket |
`;
}

/** `.gitignore`. */
export function gitignore(): string {
  return "node_modules/\n";
}
