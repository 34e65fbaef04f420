import { expect, test } from "bun:test";
import { scalarFromJson, scalarToJson } from "./scalar-json.ts";

test("canonical JSON of scalars", () => {
  expect(scalarToJson("int64", -5n)).toBe("-5");
  expect(scalarToJson("uint64", 18446744073709551615n)).toBe("18446744073709551615");
  expect(scalarToJson("double", Number.NaN)).toBe("NaN");
  expect(scalarToJson("float", Number.NEGATIVE_INFINITY)).toBe("-Infinity");
  expect(scalarToJson("bytes", new Uint8Array([0xfb, 0xff]))).toBe("+/8=");
  expect(scalarToJson("int32", -1)).toBe(-1);
});

test("parsing accepts strings, numbers and exponents; range-checks", () => {
  expect(scalarFromJson("int64", "-9223372036854775808")).toBe(-(1n << 63n));
  expect(scalarFromJson("int64", 12)).toBe(12n);
  expect(scalarFromJson("int32", "1e2")).toBe(100);
  expect(scalarFromJson("uint32", 4294967295)).toBe(4294967295);
  expect(scalarFromJson("double", "Infinity")).toBe(Number.POSITIVE_INFINITY);
  expect(scalarFromJson("bytes", "-_8")).toEqual(new Uint8Array([0xfb, 0xff]));
  expect(() => scalarFromJson("int32", 2147483648)).toThrow(/invalid int32/);
  expect(() => scalarFromJson("uint64", "-1")).toThrow(/invalid uint64/);
  expect(() => scalarFromJson("int32", 1.5)).toThrow(/invalid int32/);
  expect(() => scalarFromJson("float", 1e39)).toThrow(/invalid float/);
  expect(() => scalarFromJson("bool", "true")).toThrow(/invalid bool/);
  expect(() => scalarFromJson("string", 1)).toThrow(/invalid string/);
  expect(() => scalarFromJson("int64", " 1")).toThrow(/invalid int64/);
  // Out of a double's range is an error, not infinity (only the strings spell infinities).
  expect(() => scalarFromJson("double", JSON.parse("1.89769e+308"))).toThrow(/invalid double/);
  expect(() => scalarFromJson("double", "-1.89769e+308")).toThrow(/invalid double/);
  expect(scalarFromJson("double", 1.7976931348623157e308)).toBe(Number.MAX_VALUE);
});

test("strings must be well-formed UTF-16: a lone surrogate has no UTF-8 encoding", () => {
  expect(scalarFromJson("string", "\uD83D\uDE00")).toBe("\u{1F600}");
  expect(() => scalarFromJson("string", JSON.parse('"\\uD800"'))).toThrow(/invalid string/);
  expect(() => scalarFromJson("string", JSON.parse('"\\uDC00\\uD800"'))).toThrow(/invalid string/);
});
