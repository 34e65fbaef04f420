/**
 * Whether connections of this process compete for its event loop: more than one session received
 * data within {@link CONTENTION_WINDOW_MS}. A session that spent its work budget for a turn yields
 * the rest of a read to the next turn only then (frame-router.ts): fairness needs a turn boundary
 * when another connection waits, and one busy connection alone would only lose throughput to it.
 * Process-wide on purpose: the event loop the connections share is.
 */

/**
 * How long one connection's work may hold a shared event loop before the rest waits for the next
 * turn — reading (frame-router.ts) and writing (write-scheduler.ts) alike. Milliseconds: another
 * connection's request waits at most about this long for its turn.
 */
export const TURN_TIME_MS = 0.5;

/** How long after another session's read the loop still counts as shared. Milliseconds. */
export const CONTENTION_WINDOW_MS = 100;

let lastReader: object | undefined;
let lastReadAt = -Infinity;
/** When a session read within the window after another one had. */
let sharedAt = -Infinity;

/** `reader` (a session) received data at `now`. */
export function noteRead(reader: object, now: number): void {
  if (reader !== lastReader) {
    if (now - lastReadAt < CONTENTION_WINDOW_MS) sharedAt = now;
    lastReader = reader;
  }
  lastReadAt = now;
}

/** Whether another session than the last one read within the window before `now`. */
export function loopShared(now: number): boolean {
  return now - sharedAt < CONTENTION_WINDOW_MS;
}
