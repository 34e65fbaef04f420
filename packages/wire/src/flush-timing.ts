/**
 * When a scheduled flush runs. The first one a session asks for in an event-loop turn runs as soon
 * as the current callback and its promise jobs are done (a microtask), the rest at the end of the
 * turn (`setImmediate`).
 *
 * Why not always the end of the turn: a server's event loop handles every socket event the kernel
 * reported at once before any `setImmediate` runs — under a churn of connections tens of accepts
 * and closes — so a reply produced early in that batch waited for all of it (abuse class 12: a
 * bystander's p99 6.7–7.7 ms → 5.4–5.9 ms). Why not always a microtask: a handler producing
 * messages in a loop (a server stream) would then write each one by itself, one system call per
 * message (S3 64 B: 3–4 M → 155 k messages/s); after the first flush of a turn, the rest is
 * coalesced as before.
 */
import { nextTurn } from "./next-turn.ts";

/** What a flush is run on: the write scheduler, seen from here. */
export interface Flushable {
  /** The turn ({@link turnNumber}) in which this session last flushed early; -1 never. */
  earlyTurn: number;
  flushNow(): void;
}

let turn = 0;
let turnEnding = false;
let early: Flushable[] = [];

/** Runs `target.flushNow()` soon: early if it has not flushed early in this turn, else at the turn's end. */
export function scheduleFlush(target: Flushable): void {
  if (target.earlyTurn === turn) return flushAtTurnEnd(target);
  target.earlyTurn = turn;
  if (early.push(target) === 1) queueMicrotask(runEarly);
}

/**
 * Runs `target.flushNow()` at the end of the turn whatever else it did: a flush that stopped
 * because its turn's time was spent continues there, after the other connections' events.
 */
export function flushAtTurnEnd(target: Flushable): void {
  nextTurn(runFlush, target);
}

/** One function for every session's end-of-turn flush: no per-session closure. */
function runFlush(target: Flushable): void {
  target.flushNow();
}

/** Early flushes of all sessions asked for since the last ran: one microtask, no per-session closure. */
function runEarly(): void {
  const batch = early;
  early = [];
  try {
    for (const target of batch) target.flushNow();
  } finally {
    // The turn's end is marked after the writes, not when the flush was asked for: the peer has
    // the bytes the time of a `setImmediate` sooner (0.2–0.3 µs per call at one call in flight).
    if (!turnEnding) {
      turnEnding = true;
      nextTurn(endTurn, undefined);
    }
  }
}

function endTurn(): void {
  turnEnding = false;
  turn++;
}
