import { describe, expect, test } from "bun:test";
import { takeHeaderBlock } from "./header-blocks.ts";

describe("takeHeaderBlock", () => {
  test("a small block is a copy: the read it came in can change or go", () => {
    const read = new Uint8Array([9, 1, 2, 3, 9]);
    const block = takeHeaderBlock(read, 1, 4);
    read.fill(0);
    expect([...block]).toEqual([1, 2, 3]);
    expect(block.buffer).not.toBe(read.buffer);
  });

  test("a block equal to a recent small one is that same copy; a different one is not", () => {
    const first = takeHeaderBlock(new Uint8Array([3, 0]), 0, 2);
    expect(takeHeaderBlock(new Uint8Array([7, 3, 0]), 1, 3)).toBe(first);
    const other = takeHeaderBlock(new Uint8Array([3, 1]), 0, 2);
    expect(other).not.toBe(first);
    expect([...other]).toEqual([3, 1]);
    expect(takeHeaderBlock(new Uint8Array([3, 0]), 0, 2)).toBe(first);
  });

  test("a large block is a view of the read, and an empty one is empty", () => {
    const read = new Uint8Array(300).fill(5);
    const block = takeHeaderBlock(read, 10, 210);
    expect(block.length).toBe(200);
    expect(block.buffer).toBe(read.buffer);
    expect(takeHeaderBlock(read, 4, 4).length).toBe(0);
  });

  test("many different blocks in turn are each still right", () => {
    for (let n = 0; n < 50; n++) {
      const read = new Uint8Array([n, n + 1, n + 2]);
      expect([...takeHeaderBlock(read, 0, 3)]).toEqual([n, n + 1, n + 2]);
    }
  });
});
