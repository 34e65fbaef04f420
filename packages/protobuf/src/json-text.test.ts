import { expect, test } from "bun:test";
import fc from "fast-check";
import { parseJsonText } from "./json-text.ts";
import { ProtobufError } from "./protobuf-error.ts";

test("property: reads every JSON text exactly as JSON.parse does", () => {
  fc.assert(
    fc.property(fc.jsonValue(), fc.constantFrom(undefined, 2), (value, indent) => {
      const text = JSON.stringify(value, null, indent);
      expect(parseJsonText(text)).toEqual(JSON.parse(text));
    }),
    { numRuns: 300 },
  );
});

test("refuses a key given twice in one object (JSON.parse keeps the last), at the second one", () => {
  expect(JSON.parse('{"a": 1, "a": 2}')).toEqual({ a: 2 });
  expect(() => parseJsonText('{"a": 1, "a": 2}')).toThrow(/duplicate key "a" at line 1, column 10/);
  expect(() => parseJsonText('{"x": {"b": 1,\n "b": 2}}')).toThrow(/duplicate key "b" at line 2, column 2/);
  expect(parseJsonText('[{"a": 1}, {"a": 2}]')).toEqual([{ a: 1 }, { a: 2 }]); // other objects may reuse it
  expect(() => parseJsonText('{"\\u0061": 1, "a": 2}')).toThrow(/duplicate key "a"/); // compared after unescaping
});

test('"__proto__" is a key like any other, as with JSON.parse', () => {
  const value = parseJsonText('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
  expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  expect(Object.keys(value)).toEqual(["__proto__"]);
  expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
});

test("what JSON.parse refuses is refused, with where", () => {
  const bad: Array<[string, RegExp]> = [
    ["", /unexpected end of JSON at line 1, column 1/],
    ["{", /expected a string key/],
    ['{"a" 1}', /expected ":"/],
    ["[1 2]", /expected "," or "\]"/],
    ["[1,]", /unexpected "\]"/],
    ["01", /unexpected text after the JSON value/],
    ["'a'", /unexpected "'"/],
    ['"tab\there"', /invalid string at line 1, column 1/],
    ["tru", /unexpected "t"/],
    ["1 2", /unexpected text after the JSON value at line 1, column 3/],
  ];
  for (const [text, pattern] of bad) {
    expect(() => JSON.parse(text)).toThrow();
    expect(() => parseJsonText(text)).toThrow(pattern);
    expect(() => parseJsonText(text)).toThrow(ProtobufError);
  }
});

test("nesting is bounded (a deep array is an error, not a stack overflow)", () => {
  expect(() => parseJsonText("[".repeat(5000) + "]".repeat(5000))).toThrow(/nested deeper than 100/);
  expect(parseJsonText("[".repeat(100) + "]".repeat(100))).toHaveLength(1);
});
