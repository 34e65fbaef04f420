import { expect, test } from "bun:test";
import { fieldMaskFromJson, fieldMaskToJson } from "./field-mask.ts";
import { structFromJson, structToJson, valueFromJson, valueToJson } from "./struct.ts";

test("Struct/Value/ListValue JSON is the JSON itself", () => {
  const json = { a: 1, b: [true, null, "x", { c: [] }], __proto__x: {} };
  expect(structToJson(structFromJson(json))).toEqual(json);
  expect(valueFromJson(null)).toEqual({ kind: { case: "nullValue", value: 0 } });
  expect(valueToJson({ kind: { case: "listValue", value: { values: [] } } })).toEqual([]);
  expect(() => valueToJson({ kind: { case: "numberValue", value: Number.NaN } })).toThrow(/not valid JSON/);
  expect(() => valueToJson({ kind: { case: undefined } })).toThrow(/no kind/);
  expect(() => structFromJson([1])).toThrow(/JSON object/);
});

test('a "__proto__" key stays an own property', () => {
  const s = structFromJson(JSON.parse('{"__proto__": 1}'));
  expect(Object.keys(s.fields)).toEqual(["__proto__"]);
  expect(Object.getPrototypeOf(s.fields)).toBe(Object.prototype);
});

test("FieldMask paths convert between snake_case and lowerCamelCase", () => {
  expect(fieldMaskToJson({ paths: ["user.display_name", "photo"] })).toBe("user.displayName,photo");
  expect(fieldMaskFromJson("user.displayName,photo")).toEqual({ paths: ["user.display_name", "photo"] });
  expect(fieldMaskFromJson("")).toEqual({ paths: [] });
  expect(() => fieldMaskToJson({ paths: ["badPath"] })).toThrow(/cannot be written/);
  expect(() => fieldMaskFromJson("a_b")).toThrow(/invalid FieldMask path/);
});
