/**
 * The CLI: help, usage errors, `file:line:col` diagnostics for broken protos, `--check` drift
 * detection, and the Node launcher.
 */
import { describe, expect, test } from "bun:test";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "./support/run-cli.ts";

const codegenDir = join(import.meta.dir, "..");
const broken = (name: string) => `test/fixtures/broken/${name}.proto`;

describe("help and usage", () => {
  test("strand --help and strand generate --help", async () => {
    const main = await runCli(["--help"], codegenDir);
    expect(main.code).toBe(0);
    expect(main.stdout).toContain("strand generate [-I DIR]... --out DIR");
    const gen = await runCli(["generate", "--help"], codegenDir);
    expect(gen.code).toBe(0);
    expect(gen.stdout).toContain("Examples:");
    expect(gen.stdout).toContain("--check");
    expect(gen.stdout).toContain("--watch");
  });

  test("usage errors exit 2 with a hint", async () => {
    expect(await runCli(["generate", "x.proto"], codegenDir)).toMatchObject({ code: 2, stderr: expect.stringContaining("missing --out DIR") });
    expect(await runCli(["generate", "--out", "o"], codegenDir)).toMatchObject({ code: 2, stderr: expect.stringContaining("no PATH given") });
    expect(await runCli(["generate", "--bogus"], codegenDir)).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown option "--bogus"') });
    expect(await runCli(["frobnicate"], codegenDir)).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown command "frobnicate"') });
  });
});

describe("diagnostics for broken protos are file:line:col: message", () => {
  const cases: Array<[string, string]> = [
    ["syntax_error", "test/fixtures/broken/syntax_error.proto:7:3: illegal token 'int32', ';' expected"],
    ["unknown_type", 'test/fixtures/broken/unknown_type.proto:7:3: "Bar" is not defined.'],
    ["unknown_rpc_type", 'test/fixtures/broken/unknown_rpc_type.proto:8:27: "Pong" is not defined.'],
    ["missing_import", 'test/fixtures/broken/missing_import.proto:5:9: import "does/not/exist.proto" not found in any include directory (-I)'],
    ["duplicate_name", 'test/fixtures/broken/duplicate_name.proto:9:9: "Foo" is already defined in "broken".'],
    ["duplicate_field", 'test/fixtures/broken/duplicate_field.proto:7:9: "name" is already defined in "broken.Foo".'],
    ["duplicate_number", 'test/fixtures/broken/duplicate_number.proto:7:14: Field number 1 has already been used in "broken.Foo" by field "a".'],
    ["json_name_conflict", 'test/fixtures/broken/json_name_conflict.proto:7:10: The JSON camel-case name of field "userId" conflicts with field "user_id". This is not allowed in proto3.'],
  ];
  for (const [name, expected] of cases) {
    test(name, async () => {
      const out = mkdtempSync(join(tmpdir(), "strand-broken-"));
      try {
        const result = await runCli(["generate", "--out", out, broken(name)], codegenDir);
        expect(result.stderr.trim()).toBe(expected);
        expect(result.code).toBe(1);
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    });
  }
});

describe("output stays inside --out", () => {
  test('an import path with ".." is refused (as protoc does), nothing is written, and the file beside the sources is untouched', async () => {
    const out = mkdtempSync(join(tmpdir(), "strand-escape-"));
    const fixture = join(codegenDir, "test/fixtures/escape");
    try {
      const result = await runCli(["generate", "-I", "test/fixtures/escape/proto", "--out", out, "test/fixtures/escape/proto/acme/api.proto"], codegenDir);
      expect(result.code).toBe(1);
      expect(result.stderr.trim()).toBe('test/fixtures/escape/proto/acme/api.proto:5:9: import "../../src/secret.proto": an import path names a file under an include directory; ".", "..", empty components, backslashes and absolute paths are not allowed');
      expect(readdirSync(out)).toEqual([]);
      expect(existsSync(join(fixture, "src", "secret.ts"))).toBe(false);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  for (const path of ["/etc/x.proto", "a\\b.proto", "a//b.proto", "./a.proto"]) {
    test(`import ${JSON.stringify(path)} is refused`, async () => {
      const dir = mkdtempSync(join(tmpdir(), "strand-imp-"));
      try {
        writeFileSync(join(dir, "a.proto"), `syntax = "proto3";\nimport ${JSON.stringify(path)};\nmessage A {}\n`);
        const result = await runCli(["generate", "-I", dir, "--out", join(dir, "out"), join(dir, "a.proto")], codegenDir);
        expect(result.code).toBe(1);
        expect(result.stderr).toContain("an import path names a file under an include directory");
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});

describe("--check", () => {
  test("detects missing, stale and orphaned files; passes after generate", async () => {
    const dir = mkdtempSync(join(tmpdir(), "strand-check-"));
    try {
      cpSync(join(codegenDir, "test/protos/acme/common"), join(dir, "protos/acme/common"), { recursive: true });
      const args = ["generate", "-I", "protos", "--out", "gen", "protos"];
      const missing = await runCli([...args, "--check"], dir);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain("missing: gen/acme/common/v1/money.ts");

      expect((await runCli(args, dir)).code).toBe(0);
      expect(await runCli([...args, "--check"], dir)).toMatchObject({ code: 0, stderr: "" });

      const proto = join(dir, "protos/acme/common/v1/money.proto");
      writeFileSync(proto, readFileSync(proto, "utf8").replace("int32 nanos = 3;", "int32 nanos = 3;\n  string note = 4;"));
      const stale = await runCli([...args, "--check"], dir);
      expect(stale.code).toBe(1);
      expect(stale.stderr).toContain("stale: gen/acme/common/v1/money.ts");
      expect(readFileSync(join(dir, "gen/acme/common/v1/money.ts"), "utf8")).not.toContain("note");

      writeFileSync(join(dir, "gen/old.ts"), "// @generated by strand from old.proto (proto3). DO NOT EDIT.\n");
      expect((await runCli(args, dir)).code).toBe(0);
      const orphan = await runCli([...args, "--check"], dir);
      expect(orphan.code).toBe(1);
      expect(orphan.stderr).toContain("stale: gen/old.ts (no longer generated");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("--watch", () => {
  test("regenerates when a .proto changes and exits cleanly on SIGINT", async () => {
    const dir = mkdtempSync(join(tmpdir(), "strand-watch-"));
    cpSync(join(codegenDir, "test/protos/acme/common"), join(dir, "protos/acme/common"), { recursive: true });
    const proc = Bun.spawn([process.execPath, join(codegenDir, "src/cli-main.ts"), "generate", "--watch", "-I", "protos", "--out", "gen", "protos"], { cwd: dir, stdout: "pipe", stderr: "pipe" });
    const reader = proc.stdout.getReader();
    let seen = "";
    let from = 0;
    const waitFor = async (needle: string): Promise<void> => {
      const deadline = Date.now() + 10_000;
      while (!seen.includes(needle, from)) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${JSON.stringify(needle)}; got ${seen}`);
        const { value, done } = await reader.read();
        if (done) throw new Error(`exited early: ${seen}`);
        seen += new TextDecoder().decode(value);
      }
      from = seen.indexOf(needle, from) + needle.length;
    };
    try {
      await waitFor("watching");
      const target = join(dir, "gen/acme/common/v1/money.ts");
      expect(readFileSync(target, "utf8")).not.toContain("note");
      const proto = join(dir, "protos/acme/common/v1/money.proto");
      writeFileSync(proto, readFileSync(proto, "utf8").replace("int32 nanos = 3;", "int32 nanos = 3;\n  string note = 4;"));
      await waitFor("change detected");
      await waitFor("wrote gen/acme/common/v1/money.ts");
      expect(readFileSync(target, "utf8")).toContain("note: string;");
      proc.kill("SIGINT");
      expect(await proc.exited).toBe(0);
    } finally {
      proc.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 15_000);
});

describe("bin/strand.mjs", () => {
  test("runs under plain Node and reaches the CLI through the repository's bun", () => {
    const result = Bun.spawnSync(["node", join(codegenDir, "bin/strand.mjs"), "generate", "--out", "x", "test/fixtures/broken/unknown_type.proto"], { cwd: codegenDir });
    expect(result.exitCode).toBe(1);
    expect(result.stderr.toString()).toContain('unknown_type.proto:7:3: "Bar" is not defined.');
  });
});
