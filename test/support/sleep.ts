import { Code, RpcError } from "strand";

/** Resolves after `ms`; rejects with the signal's reason (as an `RpcError`) if it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(RpcError.from(signal.reason, Code.Canceled));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(RpcError.from(signal?.reason, Code.Canceled));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Resolves once `signal` aborts, with its reason as an `RpcError`. */
export function aborted(signal: AbortSignal): Promise<RpcError> {
  if (signal.aborted) return Promise.resolve(RpcError.from(signal.reason, Code.Canceled));
  return new Promise((resolve) => signal.addEventListener("abort", () => resolve(RpcError.from(signal.reason, Code.Canceled)), { once: true }));
}

/**
 * Polls `predicate` every few ms until true; fails after `limitMs` with `what` (a safety net
 * against hangs, not a timing assertion: the tests assert behaviour, never durations).
 */
export async function until(predicate: () => boolean, what: string, limitMs = 5000): Promise<void> {
  const stop = Date.now() + limitMs;
  while (!predicate()) {
    if (Date.now() > stop) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
