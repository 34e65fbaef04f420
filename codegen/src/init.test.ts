/**
 * `strand init` on real files in fresh temp dirs: what it writes, that its generated code is what
 * `strand generate` would write, and that it refuses rather than overwrites. The scaffold compiling
 * and passing its own tests inside the monorepo is `test/init-project.test.ts`.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { parseArgs } from "./cli-args.ts";
import { produce, run, VERSION } from "./cli.ts";
import { packageNameOf, protoPackageOf } from "./init-names.ts";
import type { GenerateCommand } from "./produce.ts";

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "strand-init-"));
  temps.push(dir);
  return dir;
}

async function strand(argv: readonly string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await run(argv, { cwd, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

/** Every file under `dir`, relative, with `/`, sorted. */
function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split("\\").join("/"))
    .sort();
}

describe("strand init DIR", () => {
  test("creates DIR with every file, named after it", async () => {
    const parent = tempDir();
    const result = await strand(["init", "my-service"], parent);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toContain("cd my-service && npm install && bun test");
    const dir = join(parent, "my-service");
    expect(listFiles(dir)).toEqual([
      ".gitignore",
      "README.md",
      "package.json",
      "proto/my_service/v1/greeter.proto",
      "src/client.ts",
      "src/gen/my_service/v1/greeter.ts",
      "src/greeter.test.ts",
      "src/handlers.ts",
      "src/server.ts",
      "tsconfig.json",
    ]);
    const proto = readFileSync(join(dir, "proto/my_service/v1/greeter.proto"), "utf8");
    expect(proto).toContain("package my_service.v1;");
    for (const rpc of [
      "rpc SayHello(HelloRequest) returns (HelloReply);",
      "rpc StreamGreetings(HelloRequest) returns (stream HelloReply);",
      "rpc CollectNames(stream HelloRequest) returns (HelloReply);",
      "rpc Chat(stream HelloRequest) returns (stream HelloReply);",
    ]) expect(proto).toContain(rpc);
    expect(readFileSync(join(dir, "src/server.ts"), "utf8")).toContain('from "./gen/my_service/v1/greeter.ts"');
    expect(readFileSync(join(dir, ".gitignore"), "utf8")).toContain("node_modules");
  });

  test("package.json: name, scripts, and strand + @strand/codegen at ^VERSION", async () => {
    const parent = tempDir();
    expect((await strand(["init", "My Service!"], parent)).code).toBe(0);
    const pkg = JSON.parse(readFileSync(join(parent, "My Service!", "package.json"), "utf8"));
    expect(VERSION).toMatch(/^\d+\.\d+\.\d+/);
    expect(VERSION).toBe(JSON.parse(readFileSync(join(import.meta.dir, "..", "package.json"), "utf8")).version);
    expect(pkg).toEqual({
      name: "my-service",
      private: true,
      type: "module",
      scripts: {
        generate: "strand generate -I proto --out src/gen proto",
        "check:gen": "strand generate -I proto --out src/gen --check proto",
        start: "bun src/server.ts",
        client: "bun src/client.ts",
        test: "bun test",
        typecheck: "tsc --noEmit",
      },
      dependencies: { strand: `^${VERSION}` },
      devDependencies: { "@strand/codegen": `^${VERSION}`, "@types/bun": "^1.3.0", typescript: "^7.0.0" },
    });
  });

  test("tsconfig.json: bun init's options with the stricter flags on", async () => {
    const dir = tempDir();
    expect((await strand(["init"], dir)).code).toBe(0);
    const text = readFileSync(join(dir, "tsconfig.json"), "utf8");
    const { compilerOptions } = JSON.parse(text.replace(/^\s*\/\/.*$/gm, ""));
    expect(compilerOptions).toEqual({
      lib: ["ESNext"],
      target: "ESNext",
      module: "Preserve",
      moduleDetection: "force",
      jsx: "react-jsx",
      allowJs: true,
      types: ["bun"],
      moduleResolution: "bundler",
      allowImportingTsExtensions: true,
      verbatimModuleSyntax: true,
      noEmit: true,
      strict: true,
      skipLibCheck: true,
      noFallthroughCasesInSwitch: true,
      noUncheckedIndexedAccess: true,
      noImplicitOverride: true,
      noUnusedLocals: true,
      noUnusedParameters: true,
      noPropertyAccessFromIndexSignature: true,
      exactOptionalPropertyTypes: true,
    });
  });

  test("src/gen is exactly what `strand generate -I proto --out src/gen proto` produces", async () => {
    const parent = tempDir();
    expect((await strand(["init", "svc"], parent)).code).toBe(0);
    const dir = join(parent, "svc");
    const command = parseArgs(["generate", "-I", "proto", "--out", "src/gen", "proto"]) as GenerateCommand;
    const expected = produce(command, dir);
    expect(expected.map((f) => f.path)).toEqual(["svc/v1/greeter.ts"]);
    expect(listFiles(join(dir, "src/gen"))).toEqual(expected.map((f) => f.path));
    for (const file of expected) expect(readFileSync(join(dir, "src/gen", file.path), "utf8")).toBe(file.content);
    // …and the project's own check script agrees.
    expect(await strand(["generate", "-I", "proto", "--out", "src/gen", "--check", "proto"], dir)).toMatchObject({ code: 0, stderr: "" });
  });

  test("defaults to the current directory when it is empty", async () => {
    const dir = tempDir();
    const result = await strand(["init"], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("\n  npm install && bun test\n");
    expect(existsSync(join(dir, "src/greeter.test.ts"))).toBe(true);
  });
});

describe("refusals and usage", () => {
  test("a non-empty DIR: exit 1, lists what is there, changes nothing", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "notes.txt"), "mine");
    mkdirSync(join(dir, "sub"));
    const result = await strand(["init", dir], "/");
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(`${dir} is not empty`);
    expect(result.stderr).toContain("  notes.txt\n  sub/\n");
    expect(listFiles(dir)).toEqual(["notes.txt"]);
    expect(readdirSync(join(dir, "sub"))).toEqual([]);
    expect(readFileSync(join(dir, "notes.txt"), "utf8")).toBe("mine");
    expect((await strand(["init"], dir)).code).toBe(1);
  });

  test("DIR is a file: exit 1", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "taken"), "");
    expect(await strand(["init", "taken"], dir)).toMatchObject({ code: 1, stderr: expect.stringContaining("taken exists and is not a directory") });
  });

  test("bad flags and extra arguments exit 2; --help exits 0", async () => {
    const dir = tempDir();
    expect(await strand(["init", "--force"], dir)).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown option "--force" (try: strand init --help)') });
    expect(await strand(["init", "a", "b"], dir)).toMatchObject({ code: 2, stderr: expect.stringContaining("init takes one DIR") });
    expect(readdirSync(dir)).toEqual([]);
    const help = await strand(["init", "--help"], dir);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("strand init [DIR]");
    expect((await strand(["help", "init"], dir)).stdout).toBe(help.stdout);
    expect((await strand(["--help"], dir)).stdout).toContain("strand init [DIR]");
  });

  test("parseArgs", () => {
    expect(parseArgs(["init"])).toEqual({ kind: "init", dir: "." });
    expect(parseArgs(["init", "svc"])).toEqual({ kind: "init", dir: "svc" });
    expect(parseArgs(["init", "-h"])).toEqual({ kind: "help", topic: "init" });
    expect(() => parseArgs(["init", "-x"])).toThrow('unknown option "-x"');
    expect(() => parseArgs(["init", ""])).toThrow("DIR must not be empty");
  });
});

describe("names", () => {
  test("npm package names", () => {
    expect(packageNameOf("my-service")).toBe("my-service");
    expect(packageNameOf("My Cool  Service")).toBe("my-cool-service");
    expect(packageNameOf(".tmp-init-AbC")).toBe("tmp-init-abc");
    expect(packageNameOf("_x.")).toBe("x");
    expect(packageNameOf("über~api")).toBe("ber-api");
    expect(packageNameOf("")).toBe("strand-service");
    expect(packageNameOf("!!!")).toBe("strand-service");
    expect(packageNameOf("strand")).toBe("strand-service");
    expect(packageNameOf("node_modules")).toBe("node_modules-service");
    expect(packageNameOf("a".repeat(300))).toHaveLength(214);
  });

  test("proto package identifiers", () => {
    expect(protoPackageOf("my-service")).toBe("my_service");
    expect(protoPackageOf("api.v2")).toBe("api_v2");
    expect(protoPackageOf("2048-game")).toBe("svc_2048_game");
    expect(protoPackageOf("node_modules-service")).toBe("node_modules_service");
  });

  test("odd folder names still scaffold code that generates", async () => {
    const parent = tempDir();
    for (const name of ["2048 Game", "message", "Ünïcode"]) {
      expect((await strand(["init", name], parent)).code).toBe(0);
    }
    expect(existsSync(join(parent, "2048 Game/src/gen/svc_2048_game/v1/greeter.ts"))).toBe(true);
    expect(existsSync(join(parent, "message/src/gen/message/v1/greeter.ts"))).toBe(true);
    expect(existsSync(join(parent, "Ünïcode/src/gen/n_code/v1/greeter.ts"))).toBe(true);
  });
});
