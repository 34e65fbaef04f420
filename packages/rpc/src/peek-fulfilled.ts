/**
 * A handler's promise that has already fulfilled — an async handler that never awaited, the
 * common case for a unary handler — read synchronously with Bun's `Bun.peek`, so the dispatcher
 * takes the answer without following the promise with `then` (two closures, their scope and a
 * derived promise per call); it sends it with the turn's other ready answers. Where `Bun` is
 * absent, and for a promise still pending or rejected, the answer is {@link NOT_FULFILLED}: the
 * caller follows the promise as before (a rejection is then handled by its `then`).
 */

/** What {@link peekFulfilled} answers when the value is not there to take. */
export const NOT_FULFILLED: unique symbol = Symbol("not fulfilled");

const peek = typeof Bun === "undefined" ? undefined : Bun.peek;

/** The value `promise` fulfilled with, or {@link NOT_FULFILLED} when it has not (or cannot be looked at). */
export function peekFulfilled(promise: Promise<unknown>): unknown {
  if (peek === undefined || peek.status(promise) !== "fulfilled") return NOT_FULFILLED;
  return peek(promise);
}
