/**
 * protoc parity: a corpus of files protoc rejects (test/fixtures/parity/invalid) and accepts
 * (…/valid). Strand must reject exactly the same ones with the same diagnostics — every error,
 * each at protoc's file:line:col, in protoc's words — and accept the valid ones. Run against the
 * live protoc when installed (CI installs Debian's) and against its recorded output.
 */
import { describe, expect, test } from "bun:test";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { runCli } from "./support/run-cli.ts";

const dir = join(import.meta.dir, "fixtures", "parity");
const protoc = Bun.which("protoc");

/**
 * The invalid files, each with protoc's diagnostics in `<file>.expected` (protoc's lines, sorted;
 * regenerate from protoc after adding a file). `closed_enum.proto` and `cycle_b.proto` are only
 * imported.
 */
const invalid = ["field_numbers", "enum_first_value", "enum_value_scope", "enum_alias", "every_error", "unknown_types", "json_camel_case", "closed_enum_user", "map_enum_zero"].map((n) => `invalid/${n}.proto`);

/** A compiler's diagnostics as sorted lines, protoc's notes and follow-on lines left out. */
function diagnostics(stderr: string): string[] {
  return stderr
    .split("\n")
    .filter((l) => /^\S+\.proto(:\d+:\d+)?: /.test(l) && !/: (Suggested field numbers|Import ".*" was not found or had errors|File not found)/.test(l))
    .sort();
}

/**
 * Ours with the position dropped where protoc gives none (it names no place for a field or enum
 * value that uses a reserved number; Strand points at the number).
 */
function alignedWith(ours: readonly string[], theirs: readonly string[]): string[] {
  const unplaced = new Set(theirs.filter((l) => /^\S+\.proto: /.test(l)));
  return ours.map((l) => l.replace(/^(\S+\.proto):\d+:\d+: (.*)$/, (whole, file: string, message: string) => (unplaced.has(`${file}: ${message}`) ? `${file}: ${message}` : whole))).sort();
}

async function strand(file: string): Promise<{ code: number; stderr: string }> {
  const out = mkdtempSync(join(tmpdir(), "strand-parity-"));
  try {
    return await runCli(["generate", "-I", dir, "--out", out, join(dir, file)], dir);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function runProtoc(file: string): { code: number; stderr: string } {
  const result = Bun.spawnSync([protoc!, "-I", dir, "--descriptor_set_out=/dev/null", file], { cwd: dir, stderr: "pipe" });
  return { code: result.exitCode, stderr: result.stderr.toString() };
}

describe(`protoc parity${protoc === null ? " (protoc not installed: expectations only)" : " (live protoc)"}`, () => {
  for (const file of invalid) {
    test(`${file}: rejected with every error protoc reports, at its place, in its words`, async () => {
      const expected = readFileSync(join(dir, `${file}.expected`), "utf8").split("\n").filter((l) => l !== "");
      const ours = await strand(file);
      expect(ours.code).toBe(1);
      expect(alignedWith(diagnostics(ours.stderr), expected)).toEqual(expected);
      if (protoc !== null) {
        const theirs = runProtoc(file);
        expect(theirs.code).not.toBe(0);
        expect(diagnostics(theirs.stderr)).toEqual(expected);
      }
    });
  }

  test("an import cycle is rejected, naming the cycle", async () => {
    const ours = await strand("invalid/cycle_a.proto");
    expect(ours.code).toBe(1);
    expect(ours.stderr).toContain("File recursively imports itself: invalid/cycle_a.proto -> invalid/cycle_b.proto -> invalid/cycle_a.proto");
    if (protoc !== null) expect(runProtoc("invalid/cycle_a.proto").stderr).toContain("File recursively imports itself: invalid/cycle_a.proto -> invalid/cycle_b.proto -> invalid/cycle_a.proto");
  });

  for (const file of readdirSync(join(dir, "valid")).map((f) => `valid/${f}`)) {
    test(`${file}: accepted by both`, async () => {
      const ours = await strand(file);
      expect(ours.stderr).toBe("");
      expect(ours.code).toBe(0);
      if (protoc !== null) expect(runProtoc(file).code).toBe(0);
    });
  }
});

describe("editions (Debian's protoc predates them: buf is the reference)", () => {
  const editions = join(import.meta.dir, "fixtures", "editions");
  const buf = join(dirname(createRequire(import.meta.url).resolve("@bufbuild/buf/package.json")), "bin", "buf");

  test("fields that camel-case alike are refused unless the message sets json_format = LEGACY_BEST_EFFORT, where buf refuses them", async () => {
    const out = mkdtempSync(join(tmpdir(), "strand-parity-"));
    try {
      const ours = await runCli(["generate", "-I", editions, "--out", out, join(editions, "json_conflict.proto")], editions);
      expect(ours.code).toBe(1);
      expect(ours.stderr.trim()).toBe('json_conflict.proto:3:40: The JSON camel-case name of field "userId" conflicts with field "user_id". This is not allowed in editions.');
      writeFileSync(join(out, "buf.yaml"), "version: v2\n");
      cpSync(join(editions, "json_conflict.proto"), join(out, "json_conflict.proto"));
      const theirs = Bun.spawnSync([buf, "build"], { cwd: out, stderr: "pipe", stdout: "pipe", env: { ...process.env, BUF_CACHE_DIR: join(out, ".cache") } });
      expect(theirs.exitCode).not.toBe(0);
      expect(theirs.stderr.toString().trim().split("\n")).toEqual(["json_conflict.proto:3:40:message fields have the same JSON name"].map((l) => expect.stringContaining(l)));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
