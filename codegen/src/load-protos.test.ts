import { describe, expect, test } from "bun:test";
import { buildModel } from "./build-model.ts";
import { CodegenError } from "./diagnostic.ts";
import { loadProtos, type ProtoReader } from "./load-protos.ts";

function memory(files: Record<string, string>): ProtoReader {
  return { read: (protoPath) => (files[protoPath] === undefined ? undefined : { protoPath, displayPath: `mem/${protoPath}`, text: files[protoPath] }) };
}

const files = {
  "a/common.proto": 'syntax = "proto3";\npackage a;\n// A thing.\nmessage Thing { int64 id = 1; /* trailing */ }\n',
  "b/use.proto": 'syntax = "proto3";\npackage b.v1;\nimport "a/common.proto";\nmessage Use {\n  // The thing.\n  a.Thing thing = 1 [deprecated = true];\n  optional string note = 2;\n  oneof o { int32 x = 3; }\n  map<string, a.Thing> things = 4;\n  repeated int32 nums = 5;\n}\n',
};

describe("loadProtos + buildModel", () => {
  test("imports across files and packages, comments and options kept", () => {
    const loaded = loadProtos(["b/use.proto"], memory(files));
    expect([...loaded.files.keys()]).toEqual(["b/use.proto", "a/common.proto"]);
    expect(loaded.declaredIn.get("a.Thing")).toBe("a/common.proto");
    const model = buildModel(loaded);
    const use = model.files[0]?.messages[0];
    expect(use?.localName).toBe("Use");
    expect(use?.fields.map((f) => [f.protoName, f.cardinality, f.presence, f.oneof, f.packed])).toEqual([
      ["thing", "single", true, undefined, false],
      ["note", "single", true, undefined, false],
      ["x", "single", false, "o", false],
      ["things", "map", false, undefined, false],
      ["nums", "repeated", false, undefined, true],
    ]);
    expect(use?.fields[0]).toMatchObject({ comment: "The thing.", deprecated: true, type: { kind: "message", typeName: "a.Thing" } });
    expect(use?.oneofs).toEqual([{ protoName: "o", comment: undefined, deprecated: undefined }]);
    expect(model.files[1]?.messages[0]?.comment).toBe("A thing.");
  });

  test("a missing import is reported at the import statement", () => {
    const broken = { "x.proto": 'syntax = "proto3";\n\nimport "nope.proto";\n' };
    try {
      loadProtos(["x.proto"], memory(broken));
      throw new Error("expected failure");
    } catch (e) {
      expect(e).toBeInstanceOf(CodegenError);
      expect((e as CodegenError).code).toBe("missing_import");
      expect((e as CodegenError).message).toBe('mem/x.proto:3:9: import "nope.proto" not found in any include directory (-I)');
    }
  });
});
