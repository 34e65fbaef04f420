/**
 * `setImmediate` where the runtime has it (Bun, Node): run after the current turn's I/O events.
 * Browsers have none, so there a `MessageChannel` message stands in — a task of its own, like
 * `setImmediate`, without `setTimeout(0)`'s clamping to 4 ms once nested. Bound once at load, so
 * on Bun the hot path calls the native function directly.
 */

type Turn = <T>(fn: (arg: T) => void, arg: T) => void;

function messageChannelTurn(): Turn {
  const queue: Array<() => void> = [];
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    const tasks = queue.splice(0);
    for (const task of tasks) task();
  };
  return (fn, arg) => {
    if (queue.push(() => fn(arg)) === 1) channel.port2.postMessage(undefined);
  };
}

/** Runs `fn(arg)` in a later turn of the event loop. */
export const nextTurn: Turn = typeof globalThis.setImmediate === "function" ? (globalThis.setImmediate as unknown as Turn) : messageChannelTurn();
