/**
 * Counts the handlers running, per connection (`ctx.peer`) and in total, with their peaks: the
 * suite's proof that no connection runs more handlers at once than `maxConcurrentStreams`,
 * however its streams end (rapid reset, MadeYouReset).
 */
export class HandlerCensus {
  private readonly perPeer = new Map<string, number>();
  running = 0;
  maxRunning = 0;
  maxPerConnection = 0;
  maxPerConnectionEver = 0;

  /** A handler started on the connection of `peer`. */
  enter(peer: string): void {
    const n = (this.perPeer.get(peer) ?? 0) + 1;
    this.perPeer.set(peer, n);
    this.running++;
    if (this.running > this.maxRunning) this.maxRunning = this.running;
    if (n > this.maxPerConnection) this.maxPerConnection = n;
    if (n > this.maxPerConnectionEver) this.maxPerConnectionEver = n;
  }

  /** That handler returned or threw. */
  leave(peer: string): void {
    const n = (this.perPeer.get(peer) ?? 1) - 1;
    if (n === 0) this.perPeer.delete(peer);
    else this.perPeer.set(peer, n);
    this.running--;
  }

  /** Starts new peak windows (the running counts stay). */
  resetPeaks(): void {
    this.maxRunning = this.running;
    this.maxPerConnection = 0;
    for (const n of this.perPeer.values()) if (n > this.maxPerConnection) this.maxPerConnection = n;
  }
}
