import { expect, test } from "bun:test";
import { base64Encode } from "./base64.ts";
import { fileDescriptor, registeredFileDescriptors } from "./file-descriptor.ts";

test("a descriptor is frozen, decodes its bytes once, keeps its imports and registers the first file of each name", () => {
  const before = registeredFileDescriptors().length;
  const dep = fileDescriptor("test/fd/dep.proto", base64Encode(new Uint8Array([10, 1, 100])));
  const main = fileDescriptor("test/fd/main.proto", base64Encode(new Uint8Array([10, 1, 109])), [dep]);
  expect(Object.isFrozen(main)).toBe(true);
  expect(Object.isFrozen(main.dependencies)).toBe(true);
  expect([...main.bytes]).toEqual([10, 1, 109]);
  expect(main.bytes).toBe(main.bytes);
  expect(main.dependencies).toEqual([dep]);
  expect(dep.dependencies).toEqual([]);
  const again = fileDescriptor("test/fd/dep.proto", base64Encode(new Uint8Array([1])));
  const registered = registeredFileDescriptors();
  expect(registered.slice(before)).toEqual([dep, main]);
  expect(registered).not.toContain(again);
  expect(registeredFileDescriptors()).not.toBe(registered);
});
