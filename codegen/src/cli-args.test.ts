import { expect, test } from "bun:test";
import { parseArgs } from "./cli-args.ts";

test("generate with include dirs, out, check", () => {
  expect(parseArgs(["generate", "-I", "proto", "-Ivendor", "--proto_path=x", "--out", "gen", "--check", "a.proto", "dir"])).toEqual({
    kind: "generate",
    includeDirs: ["proto", "vendor", "x"],
    outDir: "gen",
    paths: ["a.proto", "dir"],
    check: true,
    watch: false,
  });
  expect(parseArgs(["generate", "--out=gen", "-w", "p"])).toMatchObject({ outDir: "gen", watch: true });
});

test("help and version", () => {
  expect(parseArgs([])).toEqual({ kind: "help", topic: "main" });
  expect(parseArgs(["--help"])).toEqual({ kind: "help", topic: "main" });
  expect(parseArgs(["help", "generate"])).toEqual({ kind: "help", topic: "generate" });
  expect(parseArgs(["generate", "--help"])).toEqual({ kind: "help", topic: "generate" });
  expect(parseArgs(["--version"])).toEqual({ kind: "version" });
});

test("usage errors", () => {
  expect(() => parseArgs(["generate", "-I"])).toThrow("-I needs a value");
  expect(() => parseArgs(["generate", "--out", "o", "--check", "--watch", "p"])).toThrow("cannot be combined");
  expect(() => parseArgs(["generate", "--out", "o"])).toThrow("no PATH given");
  expect(() => parseArgs(["build"])).toThrow('unknown command "build"');
});
