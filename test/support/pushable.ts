/**
 * An async iterable the test feeds by hand (`push`, `end`): requests of a bidi call sent one at a
 * time in reaction to responses (ping-pong), or held back to keep a call open. `pulled` counts
 * the items the consumer has taken, which backpressure tests assert on.
 */
export class Pushable<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private ended = false;
  private waiter: (() => void) | undefined;
  /** Items handed to the consumer so far. */
  pulled = 0;
  /** True once the consumer called `return()` (left its loop) or drained the end. */
  finished = false;

  push(item: T): void {
    this.items.push(item);
    this.wake();
  }

  end(): void {
    this.ended = true;
    this.wake();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    try {
      for (;;) {
        const item = this.items.shift();
        if (item !== undefined) {
          this.pulled++;
          yield item;
          continue;
        }
        if (this.ended) return;
        await new Promise<void>((resolve) => (this.waiter = resolve));
      }
    } finally {
      this.finished = true;
    }
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }
}

/**
 * An endless producer that counts how far it was pulled: the subject of backpressure tests (a
 * slow consumer must bound `pulled`).
 */
export class CountingSource<T> implements AsyncIterable<T> {
  pulled = 0;

  constructor(private readonly make: (i: number) => T, private readonly limit = Infinity) {}

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    while (this.pulled < this.limit) yield this.make(this.pulled++);
  }
}
