import { verifyDurationMs, type Server as TransportServer, type ServerCloseOptions } from "@strand/tcp";
import type { HealthRegistry } from "./health/health-registry.ts";

/** Options of the `strand` server's `close()`: the transport's, plus the health service's head start. */
export interface CloseOptions extends ServerCloseOptions {
  /**
   * How long the server goes on serving — calls and new connections as usual — while its health
   * already reports NOT_SERVING, before the GOAWAY: the time load balancers and health-checking
   * clients need to notice and send new calls elsewhere (their health-check interval, plus the
   * time an endpoint takes to leave a Kubernetes Service). Milliseconds; 0 (default). `force`
   * skips it, also when it is already running.
   */
  readonly notServingDelayMs?: number;
}

/**
 * The facade's `close()`, the order orchestrators need: health NOT_SERVING at once (watchers are
 * told), `notServingDelayMs` of normal service, then — once every watcher was handed NOT_SERVING —
 * the transport's graceful close (GOAWAY, the grace period, the force close). A second call while
 * one runs returns its promise; `force` (a second SIGTERM) cuts the whole sequence short.
 */
export function serverClose(health: HealthRegistry, inner: TransportServer): (options?: CloseOptions) => Promise<void> {
  let running: Promise<void> | undefined;
  /** Ends the `notServingDelayMs` wait early (a forced close). */
  let cutShort: (() => void) | undefined;
  let forced = false;

  const graceful = async (delayMs: number, grace: ServerCloseOptions): Promise<void> => {
    if (delayMs > 0) {
      // A ref'd timer: a process must not exit in the middle of its own shutdown (even `unref` servers).
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delayMs);
        cutShort = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      cutShort = undefined;
    }
    if (forced) return;
    // Watchers must read NOT_SERVING before GOAWAY: wait until each was handed it, then a turn
    // so that the write scheduler has put those messages on the socket ahead of the GOAWAY.
    await health.delivered();
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (!forced) await inner.close(grace);
  };

  return (options = {}) => {
    let delayMs: number;
    try {
      delayMs = verifyDurationMs("close: notServingDelayMs", options.notServingDelayMs ?? 0, false);
      if (options.gracePeriodMs !== undefined) verifyDurationMs("close: gracePeriodMs", options.gracePeriodMs, true);
    } catch (error) {
      return Promise.reject(error);
    }
    health.shutdown();
    if (options.force === true) {
      forced = true;
      cutShort?.();
      const closed = inner.close({ force: true });
      return running === undefined ? closed : Promise.all([closed, running]).then(() => undefined);
    }
    if (running !== undefined) return running;
    forced = false;
    const grace = options.gracePeriodMs === undefined ? {} : { gracePeriodMs: options.gracePeriodMs };
    const closing = graceful(delayMs, grace).finally(() => {
      running = undefined;
    });
    running = closing;
    return closing;
  };
}
