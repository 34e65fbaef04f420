import { expect, test } from "bun:test";
import { Code, codeFromName, codeName, isCode } from "./code.ts";

test("codes have gRPC's values and Connect's spelling", () => {
  const expected: [string, number][] = [
    ["Canceled", 1], ["Unknown", 2], ["InvalidArgument", 3], ["DeadlineExceeded", 4], ["NotFound", 5],
    ["AlreadyExists", 6], ["PermissionDenied", 7], ["ResourceExhausted", 8], ["FailedPrecondition", 9],
    ["Aborted", 10], ["OutOfRange", 11], ["Unimplemented", 12], ["Internal", 13], ["Unavailable", 14],
    ["DataLoss", 15], ["Unauthenticated", 16],
  ];
  for (const [name, value] of expected) {
    expect((Code as unknown as Record<string, number>)[name]).toBe(value);
    expect(codeName(value as Code)).toBe(name);
    expect(codeFromName(name)).toBe(value as Code);
  }
  expect(Object.keys(Code).filter((k) => Number.isNaN(Number(k)))).toHaveLength(16);
});

test("isCode accepts exactly 1..16 and codeFromName rejects non-names", () => {
  expect(isCode(0)).toBe(false);
  expect(isCode(17)).toBe(false);
  expect(isCode(1.5)).toBe(false);
  expect(isCode(16)).toBe(true);
  expect(codeFromName("OK")).toBeUndefined();
  expect(codeFromName("1")).toBeUndefined();
  expect(codeName(99 as Code)).toBe("Code(99)");
});
