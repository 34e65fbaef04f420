/**
 * Connections whose sessions a server sets up in one turn of the event loop; the rest wait,
 * paused, for the next turns. A churn of connections (thousands opened and dropped, 64 at a time)
 * otherwise makes one turn accept and set up every connection the kernel queued — tens of them,
 * ~50–80 µs each — while every other connection's calls wait behind them. Count. 2 rather than
 * 16: under abuse class 12 (20,000 connections, 64 at a time) a bystander's p99 went from
 * 5.5–7 ms (16) and 4.2–5.8 ms (4) to 4.4–5.5 ms (2; 1 did no better), while 1,000 fresh channels
 * making one call each against an idle server took the same time with any of them (~1.1 s, all
 * in one process): the turns of an otherwise idle loop are short.
 */
export const SETUPS_PER_TURN = 2;

/**
 * Paces session setup across turns (fairness between connections, like the wire session's per-read
 * work budget): {@link admit} says whether a new connection may be set up now; one that may not is
 * queued and set up in a later turn, at most {@link SETUPS_PER_TURN} per turn, oldest first.
 * One per listener; no timer or closure per connection.
 */
export class SetupPacer<T> {
  private used = 0;
  private scheduled = false;
  private readonly waiting: T[] = [];

  constructor(
    /** Sets up a connection that waited (it may have closed meanwhile: the callback checks). */
    private readonly setUp: (connection: T) => void,
  ) {}

  /** True: set the connection up now. False: it was queued for a later turn. */
  admit(connection: T): boolean {
    this.schedule();
    if (this.waiting.length === 0 && this.used < SETUPS_PER_TURN) {
      this.used++;
      return true;
    }
    this.waiting.push(connection);
    return false;
  }

  /** Connections waiting for a later turn. */
  get backlog(): number {
    return this.waiting.length;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(SetupPacer.turn, this);
  }

  /** A new turn: the budget is whole again; set up the oldest waiting connections. */
  private static readonly turn = <T>(pacer: SetupPacer<T>): void => {
    pacer.scheduled = false;
    pacer.used = 0;
    const waiting = pacer.waiting;
    const n = Math.min(waiting.length, SETUPS_PER_TURN);
    if (n === 0) return;
    const batch = waiting.splice(0, n);
    pacer.used = n;
    pacer.schedule();
    for (const connection of batch) pacer.setUp(connection);
  };
}
