import { describe, expect, test } from "bun:test";
import { releaseIndex, StreamIndex, takeIndex } from "./stream-index.ts";

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

  test("an index given back empty is handed out again with its grown ring, and works for new IDs", () => {
    const index = takeIndex<Item>();
    const items = Array.from({ length: 100 }, (_, i) => ({ id: 2 * i + 1 }));
    for (const item of items) index.add(item);
    const grown = index.capacity;
    expect(grown).toBeGreaterThan(16);
    for (const item of items) index.delete(item.id);
    releaseIndex(index);
    const again = takeIndex<Item>();
    expect(again).toBe(index);
    expect(again.capacity).toBe(grown);
    expect(again.values()).toEqual([]);
    const later = { id: 100_001 };
    again.add(later);
    expect(again.get(later.id)).toBe(later);
    expect(again.get(1)).toBeUndefined();
  });

  test("an index is not kept as a spare while it holds streams, nor twice, nor with a large ring", () => {
    const busy = takeIndex<Item>();
    busy.add({ id: 1 });
    releaseIndex(busy);
    expect(takeIndex<Item>()).not.toBe(busy);

    const empty = new StreamIndex<Item>();
    releaseIndex(empty);
    releaseIndex(empty);
    expect(takeIndex<Item>()).toBe(empty);
    expect(takeIndex<Item>()).not.toBe(empty);

    const large = new StreamIndex<Item>();
    for (let i = 0; i < 5000; i++) large.add({ id: 2 * i + 1 });
    for (let i = 0; i < 5000; i++) large.delete(2 * i + 1);
    releaseIndex(large);
    expect(takeIndex<Item>()).not.toBe(large);
  });
});
