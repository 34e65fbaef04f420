import { describe, expect, test } from "bun:test";
import { HeaderBlocks } from "./header-blocks.ts";

describe("HeaderBlocks", () => {
  test("a small block is a copy: the read it came in can change or go", () => {
    const blocks = new HeaderBlocks();
    const read = new Uint8Array([9, 1, 2, 3, 9]);
    const block = blocks.take(read, 1, 4);
    read.fill(0);
    expect([...block]).toEqual([1, 2, 3]);
    expect(block.buffer).not.toBe(read.buffer);
  });

  test("a block equal to the previous small one is that same copy; a different one is not", () => {
    const blocks = new HeaderBlocks();
    const first = blocks.take(new Uint8Array([3, 0]), 0, 2);
    expect(blocks.take(new Uint8Array([7, 3, 0]), 1, 3)).toBe(first);
    const other = blocks.take(new Uint8Array([3, 1]), 0, 2);
    expect(other).not.toBe(first);
    expect([...other]).toEqual([3, 1]);
  });

  test("a large block is a view of the read, and an empty one is empty", () => {
    const blocks = new HeaderBlocks();
    const read = new Uint8Array(300).fill(5);
    const block = blocks.take(read, 10, 210);
    expect(block.length).toBe(200);
    expect(block.buffer).toBe(read.buffer);
    expect(blocks.take(read, 4, 4).length).toBe(0);
  });
});
