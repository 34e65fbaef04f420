import { expect, test } from "bun:test";
import { timestampFromDate, timestampFromJson, timestampFromMs, timestampToDate, timestampToJson, timestampToMs } from "./timestamp.ts";

test("canonical JSON strings (0/3/6/9 fraction digits, UTC)", () => {
  expect(timestampToJson({ seconds: 0n, nanos: 0 })).toBe("1970-01-01T00:00:00Z");
  expect(timestampToJson({ seconds: 63108020n, nanos: 21000000 })).toBe("1972-01-01T10:00:20.021Z");
  expect(timestampToJson({ seconds: 1n, nanos: 1000 })).toBe("1970-01-01T00:00:01.000001Z");
  expect(timestampToJson({ seconds: -1n, nanos: 1 })).toBe("1969-12-31T23:59:59.000000001Z");
  expect(timestampToJson({ seconds: -62135596800n, nanos: 0 })).toBe("0001-01-01T00:00:00Z");
  expect(timestampToJson({ seconds: 253402300799n, nanos: 999999999 })).toBe("9999-12-31T23:59:59.999999999Z");
});

test("parses RFC 3339 with offsets and round-trips", () => {
  expect(timestampFromJson("1972-01-01T10:00:20.021Z")).toEqual({ seconds: 63108020n, nanos: 21000000 });
  expect(timestampFromJson("1970-01-01T01:00:00+01:00")).toEqual({ seconds: 0n, nanos: 0 });
  expect(timestampFromJson("0001-01-01T00:00:00Z")).toEqual({ seconds: -62135596800n, nanos: 0 });
  expect(timestampFromJson("0050-06-01T00:00:00.5Z").nanos).toBe(500000000);
  expect(timestampToJson(timestampFromJson("0050-06-01T00:00:00Z"))).toBe("0050-06-01T00:00:00Z");
});

test("rejects out-of-range and malformed timestamps", () => {
  expect(() => timestampToJson({ seconds: 253402300800n, nanos: 0 })).toThrow(/outside/);
  expect(() => timestampToJson({ seconds: 0n, nanos: -1 })).toThrow(/nanos/);
  expect(() => timestampFromJson("2021-02-30T00:00:00Z")).toThrow(/invalid Timestamp/);
  expect(() => timestampFromJson("2021-01-01 00:00:00Z")).toThrow(/invalid Timestamp/);
  expect(() => timestampFromJson(12)).toThrow(/invalid Timestamp/);
  // RFC 3339 allows lowercase "t" and "z"; the proto3 JSON mapping does not (conformance suite).
  expect(() => timestampFromJson("2021-01-01t00:00:00Z")).toThrow(/invalid Timestamp/);
  expect(() => timestampFromJson("2021-01-01T00:00:00z")).toThrow(/invalid Timestamp/);
});

test("Date and millisecond helpers", () => {
  const d = new Date("2024-03-04T05:06:07.089Z");
  expect(timestampFromDate(d)).toEqual({ seconds: 1709528767n, nanos: 89000000 });
  expect(timestampToDate(timestampFromDate(d)).getTime()).toBe(d.getTime());
  expect(timestampFromMs(-1)).toEqual({ seconds: -1n, nanos: 999000000 });
  expect(timestampToMs({ seconds: -1n, nanos: 999000000 })).toBe(-1);
  expect(() => timestampFromDate(new Date(Number.NaN))).toThrow(/invalid time/);
});
