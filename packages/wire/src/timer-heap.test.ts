import { describe, expect, test } from "bun:test";
import { type HeapEntry, timerHeap } from "./timer-heap.ts";

function entry(name: string, fired: string[]): HeapEntry {
  return { due: 0, index: -1, fire: () => fired.push(name) };
}

describe("the shared timer heap", () => {
  test("fires entries in deadline order, skips removed ones, and reschedules", async () => {
    const fired: string[] = [];
    const now = performance.now();
    const a = entry("a", fired);
    const b = entry("b", fired);
    const c = entry("c", fired);
    const d = entry("d", fired);
    timerHeap.schedule(c, now + 30);
    timerHeap.schedule(a, now + 10);
    timerHeap.schedule(b, now + 20);
    timerHeap.schedule(d, now + 15);
    timerHeap.remove(d);
    timerHeap.schedule(a, now + 40); // rescheduling moves it
    expect(d.index).toBe(-1);
    while (fired.length < 3) await Bun.sleep(5);
    expect(fired).toEqual(["b", "c", "a"]);
    expect([a.index, b.index, c.index]).toEqual([-1, -1, -1]);
  });
});
