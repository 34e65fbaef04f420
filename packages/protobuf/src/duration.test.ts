import { expect, test } from "bun:test";
import { durationFromJson, durationFromMs, durationToJson, durationToMs } from "./duration.ts";

test("canonical JSON strings", () => {
  expect(durationToJson({ seconds: 1n, nanos: 500000000 })).toBe("1.500s");
  expect(durationToJson({ seconds: 0n, nanos: 0 })).toBe("0s");
  expect(durationToJson({ seconds: -3n, nanos: -1000 })).toBe("-3.000001s");
  expect(durationToJson({ seconds: 0n, nanos: -1 })).toBe("-0.000000001s");
  expect(() => durationToJson({ seconds: 1n, nanos: -1 })).toThrow(/nanos/);
  expect(() => durationToJson({ seconds: 315576000001n, nanos: 0 })).toThrow(/outside/);
});

test("parses and round-trips", () => {
  expect(durationFromJson("1.5s")).toEqual({ seconds: 1n, nanos: 500000000 });
  expect(durationFromJson("-0.5s")).toEqual({ seconds: 0n, nanos: -500000000 });
  expect(durationFromJson("3s")).toEqual({ seconds: 3n, nanos: 0 });
  expect(() => durationFromJson("1.5")).toThrow(/invalid Duration/);
  expect(() => durationFromJson("315576000001s")).toThrow(/invalid Duration/);
});

test("millisecond helpers keep sign and fractions", () => {
  expect(durationFromMs(1500)).toEqual({ seconds: 1n, nanos: 500000000 });
  expect(durationFromMs(-1500)).toEqual({ seconds: -1n, nanos: -500000000 });
  expect(durationFromMs(0.25)).toEqual({ seconds: 0n, nanos: 250000 });
  expect(durationToMs({ seconds: -1n, nanos: -500000000 })).toBe(-1500);
});
