/**
 * protoc parity: a corpus of files protoc rejects (test/fixtures/parity/invalid) and accepts
 * (…/valid). Strand must reject exactly the same ones, report every error, each at the same
 * file:line:col as protoc; and accept the valid ones. Run against the live protoc when installed
 * (CI installs Debian's), else against the expectations written here.
 */
import { describe, expect, test } from "bun:test";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "./support/run-cli.ts";

const dir = join(import.meta.dir, "fixtures", "parity");
const protoc = Bun.which("protoc");

/** Where each invalid file fails, as protoc reports it (the lines Strand must match). */
const expected: Record<string, readonly string[]> = {
  "invalid/field_numbers.proto": ["invalid/field_numbers.proto:7:16", "invalid/field_numbers.proto:8:19", "invalid/field_numbers.proto:9:26"],
  "invalid/enum_first_value.proto": ["invalid/enum_first_value.proto:6:19"],
  "invalid/enum_value_scope.proto": ["invalid/enum_value_scope.proto:12:3"],
};

/** `file:line:col` of each error line of a compiler's stderr (protoc's notes and follow-on lines left out). */
function locations(stderr: string): string[] {
  return stderr
    .split("\n")
    .filter((l) => /^\S+\.proto:\d+:\d+: /.test(l) && !/: (Note that|Suggested field numbers|Import ".*" was not found or had errors)/.test(l))
    .map((l) => /^(\S+\.proto:\d+:\d+):/.exec(l)![1]!);
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
  for (const [file, where] of Object.entries(expected)) {
    test(`${file}: rejected, every error at protoc's place`, async () => {
      const ours = await strand(file);
      expect(ours.code).toBe(1);
      expect(locations(ours.stderr)).toEqual([...where]);
      if (protoc !== null) {
        const theirs = runProtoc(file);
        expect(theirs.code).not.toBe(0);
        expect(locations(theirs.stderr)).toEqual([...where]);
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
