/** Options of `server.close()`. */
export interface ServerCloseOptions {
  /** Cancel every call and close every connection now: no GOAWAY wait, no grace period. Default false. */
  readonly force?: boolean;
  /**
   * This close's grace period: how long in-flight calls may run after the GOAWAY before they are
   * cancelled. Milliseconds; default: the server's `gracePeriodMs` option (30,000). `Infinity`
   * waits for them however long.
   */
  readonly gracePeriodMs?: number;
}

/**
 * Throws a `RangeError` naming `name` unless `value` is a non-negative number of milliseconds that
 * a timer can wait (at most 2³¹−1, ~24.8 days: `setTimeout` fires longer delays at once), or
 * `Infinity` where `infinite` allows it (the caller then sets no timer).
 */
export function verifyDurationMs(name: string, value: unknown, infinite: boolean): number {
  if (typeof value !== "number" || Number.isNaN(value) || value < 0 || (value > MAX_TIMER_MS && !(infinite && value === Infinity))) {
    throw new RangeError(`${name} must be a number of milliseconds in [0, ${MAX_TIMER_MS}]${infinite ? " or Infinity" : ""}, got ${String(value)}`);
  }
  return value;
}

/** Longest delay `setTimeout` honours (2³¹−1 ms); longer ones fire at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;
