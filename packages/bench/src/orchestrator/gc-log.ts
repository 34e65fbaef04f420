/**
 * Bytes a worker allocated on its JS heap between two of its allocation marks, read from its
 * stderr. A worker started with `BUN_JSC_logGC=1` has JSC print, for every collection that
 * allocation triggers, `Requesting GC because bytes allocated this cycle: N exceed bytes allowed:
 * …`, followed by a few lines about the collection itself; the worker writes its marks
 * (`load/alloc-mark.ts`) into the same stream. The sum of N over the requests between two marks
 * is what JSC counted toward its collections in that window. The parent has to do the counting:
 * the log is the worker's own output, which the worker cannot read back.
 *
 * The figure is within about one collection cycle (a few MB) of the window's truth at each edge:
 * a window's first request also counts the bytes allocated since the previous collection, before
 * the window opened, and the bytes after its last request go uncounted. Collections not triggered
 * by allocation (rare under load) reset JSC's count without a request line, so their bytes are
 * missed. Native memory Bun allocates outside the JS heap (socket read buffers, for one) is never
 * counted.
 */
import { ALLOC_MARK_PREFIX } from "../load/alloc-mark.ts";

/** The allocation count in JSC's request line. */
const REQUEST = /bytes allocated this cycle: (\d+)/;
/** The other lines JSC's GC log prints: `[GC<0x…>: START …]`, `GC END!`, other requests. */
const GC_LINE = /^(?:\[GC<|GC END!|Requesting GC\b)/;

/**
 * Fewest collections a window must see for a figure: the error is up to one cycle at each edge,
 * so a window with fewer (a slow peer, a short run) reports none rather than a rough one.
 */
export const MIN_CYCLES = 10;

/** The log's running sums at one mark. */
interface Totals {
  readonly allocated: number;
  readonly cycles: number;
}

/** The running sum of one worker's GC log, and the sum's value at each of its marks. */
export class GcLog {
  private allocated = 0;
  private cycles = 0;
  private ended = false;
  private readonly marks = new Map<number, Totals>();
  private readonly waiters = new Map<number, Array<(totals: Totals | undefined) => void>>();

  /**
   * Takes one line of the worker's stderr. Returns false when the line is neither a mark nor GC
   * log, so the caller shows it: real errors stay visible, the log does not flood the console.
   */
  take(line: string): boolean {
    // Searched anywhere in the line, not at its start: the mark is written from the JS thread and
    // could in principle land inside a line that a collector thread was printing.
    const markAt = line.indexOf(ALLOC_MARK_PREFIX);
    if (markAt >= 0) {
      const mark = Number.parseInt(line.slice(markAt + ALLOC_MARK_PREFIX.length), 10);
      if (Number.isFinite(mark)) this.record(mark);
      return true;
    }
    const request = REQUEST.exec(line);
    if (request !== null) {
      this.allocated += Number(request[1]);
      this.cycles++;
      return true;
    }
    return GC_LINE.test(line);
  }

  /** The stream has ended: marks still awaited will never come. */
  end(): void {
    this.ended = true;
    for (const list of this.waiters.values()) for (const wake of list) wake(undefined);
    this.waiters.clear();
  }

  /**
   * Bytes allocated between marks `start` and `end` (numbers from the worker's own report, hence
   * `unknown`); undefined when either is missing — the worker does not log its collections — or
   * does not arrive within `timeoutMs`, or when fewer than {@link MIN_CYCLES} collections fell
   * between them. Both marks are forgotten afterwards.
   */
  async allocatedBetween(start: unknown, end: unknown, timeoutMs = 10_000): Promise<number | undefined> {
    if (typeof start !== "number" || typeof end !== "number") return undefined;
    const [atStart, atEnd] = await Promise.all([this.totalAt(start, timeoutMs), this.totalAt(end, timeoutMs)]);
    this.marks.delete(start);
    this.marks.delete(end);
    if (atStart === undefined || atEnd === undefined || atEnd.cycles - atStart.cycles < MIN_CYCLES) return undefined;
    return atEnd.allocated - atStart.allocated;
  }

  private record(mark: number): void {
    const totals = { allocated: this.allocated, cycles: this.cycles };
    this.marks.set(mark, totals);
    const list = this.waiters.get(mark);
    this.waiters.delete(mark);
    for (const wake of list ?? []) wake(totals);
  }

  /** The running sums at `mark`, waiting for the mark's line: stderr and stdout are separate pipes. */
  private totalAt(mark: number, timeoutMs: number): Promise<Totals | undefined> {
    const known = this.marks.get(mark);
    if (known !== undefined || this.ended) return Promise.resolve(known);
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(undefined), timeoutMs);
      const done = (totals: Totals | undefined): void => {
        clearTimeout(timer);
        resolve(totals);
      };
      const list = this.waiters.get(mark) ?? [];
      list.push(done);
      this.waiters.set(mark, list);
    });
  }
}
