/** Something with a deadline in the shared heap. */
export interface HeapEntry {
  /** When to fire, in `performance.now()` milliseconds. */
  due: number;
  /** Position in the heap; −1 when not scheduled. */
  index: number;
  /** Called (once per scheduling) when `due` has passed. */
  fire(): void;
}

/**
 * One process-wide timer for every session's deadlines: a binary min-heap of entries and a single
 * `setTimeout` (unref'd) for the earliest. Idle connections then cost a heap slot, not a runtime
 * timer each (a Bun timer is ~0.5 KiB; 5,000 idle sessions would pay 2.5 MiB for them).
 */
class TimerHeap {
  private readonly heap: HeapEntry[] = [];
  private handle: ReturnType<typeof setTimeout> | undefined;
  private armedFor = Infinity;

  /** Schedules (or reschedules) `entry` at `due`. */
  schedule(entry: HeapEntry, due: number): void {
    if (entry.index >= 0) this.remove(entry);
    entry.due = due;
    entry.index = this.heap.length;
    this.heap.push(entry);
    this.up(entry.index);
    this.arm();
  }

  /** Unschedules `entry` if it is scheduled. */
  remove(entry: HeapEntry): void {
    const i = entry.index;
    if (i < 0) return;
    const last = this.heap.pop()!;
    entry.index = -1;
    if (last !== entry) {
      this.heap[i] = last;
      last.index = i;
      this.down(i);
      this.up(i);
    }
  }

  private readonly fireDue = (): void => {
    this.handle = undefined;
    this.armedFor = Infinity;
    const now = performance.now();
    while (this.heap.length > 0 && this.heap[0]!.due <= now) {
      const entry = this.heap[0]!;
      this.remove(entry);
      entry.fire();
    }
    this.arm();
  };

  private arm(): void {
    const first = this.heap[0];
    if (first === undefined) {
      if (this.handle !== undefined) clearTimeout(this.handle);
      this.handle = undefined;
      this.armedFor = Infinity;
      return;
    }
    if (this.handle !== undefined && this.armedFor <= first.due) return;
    if (this.handle !== undefined) clearTimeout(this.handle);
    this.armedFor = first.due;
    this.handle = setTimeout(this.fireDue, Math.max(1, Math.ceil(first.due - performance.now())));
    this.handle.unref?.();
  }

  private up(i: number): void {
    const heap = this.heap;
    const entry = heap[i]!;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent]!.due <= entry.due) break;
      heap[i] = heap[parent]!;
      heap[i]!.index = i;
      i = parent;
    }
    heap[i] = entry;
    entry.index = i;
  }

  private down(i: number): void {
    const heap = this.heap;
    const entry = heap[i]!;
    const n = heap.length;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && heap[child + 1]!.due < heap[child]!.due) child++;
      if (heap[child]!.due >= entry.due) break;
      heap[i] = heap[child]!;
      heap[i]!.index = i;
      i = child;
    }
    heap[i] = entry;
    entry.index = i;
  }
}

/** The heap shared by all sessions of this process. */
export const timerHeap = new TimerHeap();
