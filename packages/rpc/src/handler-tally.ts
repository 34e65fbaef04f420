/**
 * The handlers one server is running, and how many of them outlived their call: the call was
 * cancelled (by the client, a deadline, a lost connection, a shutdown) and `ctx.signal` aborted,
 * but the handler has not returned yet. Those abandoned handlers are pure waste — their answer
 * goes nowhere — and a handler that ignores its signal keeps its memory for as long as it runs.
 * A connection's own abandoned handlers are bounded by its `maxConcurrentStreams` (each keeps its
 * stream's slot); across connections only this count sees them, so a transport can refuse new
 * connections while it is high (tcp's `maxAbandonedHandlers`) — otherwise a peer that reconnects
 * after every GOAWAY piles up handlers without bound (MadeYouReset with stubborn handlers).
 */
export class HandlerTally {
  /** Handlers started and not yet returned. */
  running = 0;
  /** Of those, the ones whose call ended before they returned. */
  abandoned = 0;
}
