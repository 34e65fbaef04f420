/** What travels through a pipe, in order. */
export type PipeEvent =
  | { readonly kind: "headers"; readonly block: Uint8Array }
  | { readonly kind: "message"; readonly message: Uint8Array }
  | { readonly kind: "end"; readonly block: Uint8Array | undefined };

/**
 * One direction of a stream: an ordered event queue whose messages are delivered only on demand
 * and whose unconsumed bytes are bounded by the window (senders wait beyond it).
 */
export class Pipe {
  readonly #events: PipeEvent[] = [];
  #demand = 0;
  #bytes = 0;
  #senders: (() => void)[] = [];
  #scheduled = false;
  #flushing = false;
  closed = false;

  constructor(
    private readonly window: number,
    private readonly sync: boolean,
    private readonly deliver: (event: PipeEvent) => void,
  ) {}

  push(event: PipeEvent): Promise<void> | undefined {
    if (this.closed) return undefined;
    this.#events.push(event);
    if (event.kind === "message") this.#bytes += event.message.length;
    this.#schedule();
    if (event.kind !== "message" || this.#bytes < this.window) return undefined;
    return new Promise((resolve) => this.#senders.push(resolve));
  }

  request(n: number): void {
    this.#demand += n;
    if (this.sync) this.#flush();
    else this.#schedule();
  }

  /** Stops delivery and releases waiting senders (reset, close, connection loss). */
  close(): void {
    this.closed = true;
    this.#events.length = 0;
    this.#release();
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(() => {
      this.#scheduled = false;
      this.#flush();
    });
  }

  #flush(): void {
    if (this.#flushing) return;
    this.#flushing = true;
    try {
      while (!this.closed && this.#events.length > 0) {
        const event = this.#events[0] as PipeEvent;
        if (event.kind === "message") {
          if (this.#demand === 0) break;
          this.#demand--;
          this.#bytes -= event.message.length;
        }
        this.#events.shift();
        if (this.#bytes < this.window) this.#release();
        this.deliver(event);
      }
    } finally {
      this.#flushing = false;
    }
  }

  #release(): void {
    const senders = this.#senders;
    this.#senders = [];
    for (const s of senders) s();
  }
}

