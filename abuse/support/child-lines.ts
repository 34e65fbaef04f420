/**
 * The stdout of a child process as JSON lines, each parsed once and handed to whoever waits for
 * one that matches: the suite talks to its server and attacker children this way.
 */
export class ChildLines<T> {
  private readonly seen: T[] = [];
  private waiters: Array<() => void> = [];
  private ended = false;

  constructor(stream: ReadableStream<Uint8Array>) {
    void this.read(stream);
  }

  /** Resolves with the first line (seen or to come) `match` accepts; rejects after `timeoutMs` or at the end of the output. */
  async next(match: (line: T) => boolean, timeoutMs: number, what: string): Promise<T> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const found = this.seen.find(match);
      if (found !== undefined) return found;
      if (this.ended) throw new Error(`${what}: the child's output ended`);
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`${what}: nothing after ${timeoutMs} ms`);
      await Promise.race([new Promise<void>((r) => this.waiters.push(r)), Bun.sleep(left)]);
    }
  }

  /** Whether a line `match` accepts has come. */
  has(match: (line: T) => boolean): boolean {
    return this.seen.some(match);
  }

  private async read(stream: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffered = "";
    for await (const chunk of stream) {
      buffered += decoder.decode(chunk, { stream: true });
      let newline: number;
      while ((newline = buffered.indexOf("\n")) >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (line.startsWith("{")) this.seen.push(JSON.parse(line) as T);
      }
      this.wake();
    }
    this.ended = true;
    this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
