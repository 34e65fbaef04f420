/**
 * A single-reader queue that holds at most `capacity` items: the buffer between a room, which
 * publishes at the pace of its fastest poster, and one subscriber's stream, which drains at the
 * pace of that subscriber's connection. A full queue refuses the item instead of growing, so the
 * room decides what a slow subscriber costs (see room.ts) and memory stays bounded.
 */
export class BoundedQueue<T> {
  readonly #items: T[] = [];
  #wake: (() => void) | undefined;
  #closed = false;

  /** `capacity`: the most items waiting at once; at least 1. */
  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
  }

  /** Adds `item`, or returns false (adding nothing) when the queue is full or closed. */
  push(item: T): boolean {
    if (this.#closed || this.#items.length >= this.capacity) return false;
    this.#items.push(item);
    this.#wakeReader();
    return true;
  }

  /** Ends the queue: items still waiting are dropped and the reader's `next` returns undefined. */
  close(): void {
    this.#closed = true;
    this.#items.length = 0;
    this.#wakeReader();
  }

  /** Whether `close` was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Items waiting now. */
  get size(): number {
    return this.#items.length;
  }

  /**
   * The next item, waiting for one if needed; undefined once the queue is closed or `signal`
   * aborts — a waiting reader must never outlive the call it serves.
   */
  async next(signal: AbortSignal): Promise<T | undefined> {
    while (!this.#closed && !signal.aborted) {
      if (this.#items.length > 0) return this.#items.shift();
      await new Promise<void>((resolve) => {
        const done = () => {
          signal.removeEventListener("abort", done);
          this.#wake = undefined;
          resolve();
        };
        this.#wake = done;
        signal.addEventListener("abort", done, { once: true });
      });
    }
    return undefined;
  }

  #wakeReader(): void {
    this.#wake?.();
  }
}
