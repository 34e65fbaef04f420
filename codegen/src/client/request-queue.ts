/**
 * The requests of a client stream fed one by one as the CLI gets them (a reflection question,
 * a line of stdin): an async iterable the call reads from, with a bound on what may wait in it,
 * because a request stream must never buffer without end when the server reads slowly.
 */

/** A push-fed request stream. */
export class RequestQueue<T> implements AsyncIterable<T> {
  readonly #items: T[] = [];
  #ended = false;
  #wake: (() => void) | undefined;
  #space: (() => void) | undefined;
  readonly #limit: number;

  /** `limit`: how many pushed requests may wait before `whenSpace` holds the producer back. */
  constructor(limit = 64) {
    this.#limit = limit;
  }

  /** Queues a request; throws after `end` (a programming error). */
  push(item: T): void {
    if (this.#ended) throw new Error("RequestQueue: push after end");
    this.#items.push(item);
    this.#wake?.();
  }

  /** Resolves when fewer than `limit` requests wait (at once when that is already so). */
  whenSpace(): Promise<void> {
    if (this.#items.length < this.#limit) return Promise.resolve();
    return new Promise((resolve) => (this.#space = resolve));
  }

  /** No more requests: the stream half-closes once those queued are sent. */
  end(): void {
    this.#ended = true;
    this.#wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (;;) {
      const item = this.#items.shift();
      if (item !== undefined) {
        if (this.#items.length < this.#limit) {
          const space = this.#space;
          this.#space = undefined;
          space?.();
        }
        yield item;
        continue;
      }
      if (this.#ended) return;
      await new Promise<void>((resolve) => (this.#wake = resolve));
      this.#wake = undefined;
    }
  }
}
