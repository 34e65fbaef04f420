/**
 * N concurrent call loops (N calls in flight), stopped on request. A failing call stops every
 * loop and is rethrown by `stop()`, so a broken peer fails the run instead of reporting a rate.
 * Node-compatible.
 */
import type { Meter } from "./measure-window.ts";

/** Running loops; `stop()` waits for the calls in flight and rethrows the first failure. */
export interface CallLoops {
  stop(): Promise<void>;
  /** The first failure so far, if any. */
  readonly failure: unknown;
}

/** Starts `inflight` loops of `call`, each completion counted (and timed) on `meter`. */
export function startCallLoops(inflight: number, call: () => Promise<unknown>, meter: Meter): CallLoops {
  let running = true;
  let failure: unknown;
  // One clock reading per call, not two: a loop starts its next call as soon as one completes, so
  // a call's latency runs from the reading that ended the call before it. A reading costs about
  // 45 ns on a VM; a second per call was load-generator work counted as the peer's client CPU.
  const loop = async (): Promise<void> => {
    let last = performance.now();
    while (running) {
      await call();
      const now = performance.now();
      meter.recorder?.recordMs(now - last);
      meter.ops++;
      last = now;
    }
  };
  const loops = Array.from({ length: inflight }, () =>
    loop().catch((error: unknown) => {
      failure ??= error;
      running = false;
    }),
  );
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
      if (failure !== undefined) throw failure;
    },
    get failure() {
      return failure;
    },
  };
}
