import { expect, test } from "bun:test";
import { jsonNameOf, methodName, outputPath, propertyName, relativeImport, safeIdentifier, typeIdentifier } from "./names.ts";

test("JSON names follow protoc's ToJsonName", () => {
  expect(jsonNameOf("foo_bar_baz")).toBe("fooBarBaz");
  expect(jsonNameOf("field_1")).toBe("field1");
  expect(jsonNameOf("__proto__")).toBe("Proto");
  expect(jsonNameOf("already")).toBe("already");
});

test("unsafe properties and identifiers are escaped with $", () => {
  expect(propertyName("constructor")).toBe("constructor$");
  expect(propertyName("to_string")).toBe("toString$");
  expect(propertyName("delete")).toBe("delete");
  expect(safeIdentifier("Object")).toBe("Object$");
  expect(safeIdentifier("class")).toBe("class$");
  expect(typeIdentifier("Order.Line")).toBe("Order_Line");
  expect(typeIdentifier("BinaryReader")).toBe("BinaryReader$");
  expect(methodName("GetOrder")).toBe("getOrder");
  expect(methodName("Then")).toBe("then$"); // a client with a then method would be a thenable
  expect(propertyName("then")).toBe("then"); // a field is not callable: harmless
});

test("output paths and relative imports", () => {
  expect(outputPath("a/b/c.proto")).toBe("a/b/c.ts");
  expect(relativeImport("a/b/c.ts", "a/b/d.ts")).toBe("./d.ts");
  expect(relativeImport("a/b/c.ts", "a/x/d.ts")).toBe("../x/d.ts");
  expect(relativeImport("a/b/c.ts", "google/protobuf/any.ts")).toBe("../../google/protobuf/any.ts");
  expect(relativeImport("c.ts", "a/d.ts")).toBe("./a/d.ts");
});
