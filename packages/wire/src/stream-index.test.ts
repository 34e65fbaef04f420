import { describe, expect, test } from "bun:test";
import { StreamIndex } from "./stream-index.ts";

interface Item { readonly id: number }

/** A deterministic pseudo-random sequence, so a failure replays. */
function random(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
}

describe("StreamIndex", () => {
  test("agrees with a Map through adds and removes of consecutive and scattered IDs", () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const next = random(seed);
      const index = new StreamIndex<Item>();
      const model = new Map<number, Item>();
      let nextId = 1;
      for (let step = 0; step < 20_000; step++) {
        const r = next();
        if (r < 0.5 || model.size === 0) {
          // Mostly consecutive client IDs, sometimes a jump (a long-lived stream far behind).
          nextId += next() < 0.05 ? 2 * Math.floor(next() * 5000) + 2 : 2;
          const item = { id: nextId };
          index.add(item);
          model.set(item.id, item);
        } else {
          const ids = [...model.keys()];
          const id = r < 0.9 ? ids[0]! : ids[Math.floor(next() * ids.length)]!;
          expect(index.delete(id)).toBe(true);
          model.delete(id);
        }
        if (step % 97 === 0) {
          expect(index.size).toBe(model.size);
          for (const [id, item] of model) expect(index.get(id)).toBe(item);
          expect(index.get(nextId + 2)).toBeUndefined();
          expect(index.values().map((i) => i.id).sort((a, b) => a - b)).toEqual([...model.keys()].sort((a, b) => a - b));
        }
      }
    }
  });

  test("a removed or never added ID is not found, and removing it again reports false", () => {
    const index = new StreamIndex<Item>();
    const a = { id: 3 };
    const b = { id: 35 }; // the same slot as 3 in a ring of 16: 3 moves to the overflow map
    index.add(a);
    index.add(b);
    expect(index.delete(3)).toBe(true);
    expect(index.get(3)).toBeUndefined();
    expect(index.get(35)).toBe(b);
    expect(index.delete(3)).toBe(false);
    expect(index.delete(99)).toBe(false);
    expect(index.size).toBe(1);
  });

  test("holds many streams in flight at once and finds those left after most ended", () => {
    const index = new StreamIndex<Item>();
    const items = Array.from({ length: 5000 }, (_, i) => ({ id: 2 * i + 2 }));
    for (const item of items) index.add(item);
    for (const item of items) expect(index.get(item.id)).toBe(item);
    for (const item of items.slice(10)) index.delete(item.id);
    expect(index.size).toBe(10);
    for (const item of items.slice(0, 10)) expect(index.get(item.id)).toBe(item);
  });
});
