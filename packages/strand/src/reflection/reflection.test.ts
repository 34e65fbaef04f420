import { expect, test } from "bun:test";
import { BinaryWriter, fileDescriptor, type FileDescriptor } from "@strand/protobuf";
import { file_grpc_health_v1_health } from "../gen/grpc/health/v1/health.ts";
import type { ServerReflectionRequest } from "../gen/grpc/reflection/v1/reflection.ts";
import { fileSymbols } from "./descriptor-symbols.ts";
import { FileIndex, withDependencies } from "./file-index.ts";
import { answer } from "./reflection-answer.ts";

/** A small FileDescriptorProto: `package x; message M { int32 f = 1; oneof o {} extensions …; } extend M { … }`, written out of order. */
function handMade(): Uint8Array {
  const w = new BinaryWriter();
  w.tag(4, 2).fork(); // message_type
  w.tag(2, 2).fork().tag(1, 2).string("f").join(); // field before the name
  w.tag(1, 2).string("M");
  w.tag(8, 2).fork().tag(1, 2).string("o").join();
  w.tag(6, 2).fork().tag(1, 2).string("inner").tag(2, 2).string(".x.M").tag(3, 0).int32(101).join();
  w.join();
  w.tag(7, 2).fork().tag(1, 2).string("outer").tag(2, 2).string(".x.M").tag(3, 0).int32(100).join();
  w.tag(5, 2).fork().tag(1, 2).string("E").tag(2, 2).fork().tag(1, 2).string("E_ZERO").join().join();
  w.tag(2, 2).string("x"); // the package, last
  return w.finish();
}

test("fileSymbols: every name a client may ask for, scoped as protobuf scopes them, and the extensions", () => {
  expect(fileSymbols(handMade())).toEqual({
    symbols: ["x.M", "x.M.f", "x.M.o", "x.M.inner", "x.E", "x.E_ZERO", "x.outer"],
    extensions: [{ extendee: "x.M", number: 101 }, { extendee: "x.M", number: 100 }],
  });
  const health = fileSymbols(file_grpc_health_v1_health.bytes).symbols;
  for (const name of ["grpc.health.v1.Health", "grpc.health.v1.Health.Watch", "grpc.health.v1.HealthCheckResponse.ServingStatus", "grpc.health.v1.HealthCheckResponse.SERVING", "grpc.health.v1.HealthListResponse.StatusesEntry"]) {
    expect(health).toContain(name);
  }
});

function file(name: string, dependencies: FileDescriptor[] = [], bytes = new Uint8Array()): FileDescriptor {
  return { name, bytes, dependencies };
}

test("FileIndex: indexes what its source appends, first of a name wins; extension numbers only for known types", () => {
  const files: FileDescriptor[] = [fileDescriptor("test/x.proto", Buffer.from(handMade()).toString("base64"))];
  const index = new FileIndex(() => files);
  expect(index.fileOfSymbol("x.M.inner")?.name).toBe("test/x.proto");
  expect(index.fileOfExtension("x.M", 100)?.name).toBe("test/x.proto");
  expect(index.extensionNumbers("x.M")).toEqual([100, 101]);
  expect(index.extensionNumbers("x.E")).toEqual([]);
  expect(index.extensionNumbers("y.Nope")).toBeUndefined();
  expect(index.file("late.proto")).toBeUndefined();
  files.push(file("late.proto"), file("test/x.proto"));
  expect(index.file("late.proto")?.name).toBe("late.proto");
  expect(index.file("test/x.proto")).toBe(files[0]!);
});

test("withDependencies: the files and their imports, transitively, one per name", () => {
  const c = file("c.proto");
  const b = file("b.proto", [c]);
  const a = file("a.proto", [b, c]);
  expect(withDependencies([a, b]).map((f) => f.name)).toEqual(["a.proto", "b.proto", "c.proto"]);
});

test("answer: the file always, its imports breadth first and only once per stream (grpc-go's rule)", () => {
  const c = file("c.proto", [], new Uint8Array([3]));
  const b = file("b.proto", [c], new Uint8Array([2]));
  const a = file("a.proto", [b, c], new Uint8Array([1]));
  const index = new FileIndex(() => [a, b, c]);
  const stream = { sent: new Set<string>() };
  const ask = (name: string) => {
    const request: ServerReflectionRequest = { host: "h", messageRequest: { case: "fileByFilename", value: name } };
    const response = answer(request, index, () => [], stream);
    expect(response.validHost).toBe("h");
    expect(response.originalRequest).toBe(request);
    return response.messageResponse.case === "fileDescriptorResponse" ? response.messageResponse.value.fileDescriptorProto.map((bytes) => bytes[0]) : response.messageResponse;
  };
  expect(ask("b.proto")).toEqual([2, 3]);
  expect(ask("a.proto")).toEqual([1]);
  expect(ask("c.proto")).toEqual([3]);
  expect(ask("d.proto")).toEqual({ case: "errorResponse", value: { errorCode: 5, errorMessage: 'file "d.proto" not found' } });
});
