import { verifyDurationMs } from "@strand/tcp";
import type { CloseOptions } from "./server-close.ts";

/** Options of {@link closeOnSignal}. */
export interface CloseOnSignalOptions {
  /**
   * The signals that start the close. Default `["SIGTERM", "SIGINT"]`: what Kubernetes, Docker
   * and systemd send to stop a process, and Ctrl+C.
   */
  readonly signals?: readonly NodeJS.Signals[];
  /**
   * How long the server keeps serving with its health at NOT_SERVING before the GOAWAY, for load
   * balancers to take it out (see `CloseOptions.notServingDelayMs`). Milliseconds; 0 (default).
   * On Kubernetes, a few seconds — longer than the readiness probe's period times its failure
   * threshold when the probe checks health — and keep `notServingDelayMs + gracePeriodMs` under
   * the pod's `terminationGracePeriodSeconds` (30 s), after which the kubelet sends SIGKILL.
   */
  readonly notServingDelayMs?: number;
  /** How long calls in flight may take after the GOAWAY. Milliseconds; default: the server's `gracePeriodMs` (30,000). */
  readonly gracePeriodMs?: number;
  /**
   * End the process once the server is closed (and `onClosed` has run): exit code 0 after a
   * graceful close, 1 after a forced one (a second signal) or a failed one. Default `true` — an
   * orchestrator waits for the process to go, and timers or clients elsewhere in it might keep
   * it alive. `false` leaves the process running and removes the signal handlers once closed, so
   * that a later signal has its default effect again.
   */
  readonly exit?: boolean;
  /**
   * Runs once the server is closed, before the process exits: close what else the process holds
   * (database pools, channels to other services) here. An exception or rejection makes the exit
   * code 1.
   */
  readonly onClosed?: (outcome: CloseOutcome) => void | Promise<void>;
}

/** How the close that {@link closeOnSignal} ran ended, as `onClosed` sees it. */
export interface CloseOutcome {
  /** The signal that started it. */
  readonly signal: NodeJS.Signals;
  /** Whether a second signal forced it (calls still running were cancelled). */
  readonly forced: boolean;
  /** Why `close()` failed, if it did. */
  readonly error?: unknown;
}

/** What {@link closeOnSignal} needs of a server: the `strand` server's `close`. */
export interface Closable {
  close(options?: CloseOptions): Promise<void>;
}

const DEFAULT_SIGNALS: readonly NodeJS.Signals[] = ["SIGTERM", "SIGINT"];

/**
 * Shuts `server` down when the process is asked to stop, as orchestrators expect: on the first of
 * `signals`, `server.close({ notServingDelayMs, gracePeriodMs })` — health NOT_SERVING at once,
 * the delay while still serving, GOAWAY, in-flight calls finish within the grace period — then
 * `onClosed` and `process.exit` (unless `exit: false`). A second signal while closing forces the
 * close (calls still running are cancelled at once). Options are checked here; bad values throw.
 *
 * ```ts
 * const server = createServer().add(Greeter, handlers);
 * await server.listen({ hostname: "0.0.0.0", port: 50051 });
 * closeOnSignal(server, { notServingDelayMs: 5_000, onClosed: () => db.end() });
 * ```
 *
 * Returns a function that removes the signal handlers (a close already started goes on).
 */
export function closeOnSignal(server: Closable, options: CloseOnSignalOptions = {}): () => void {
  const signals = verifySignals(options.signals ?? DEFAULT_SIGNALS);
  const notServingDelayMs = verifyDurationMs("closeOnSignal: notServingDelayMs", options.notServingDelayMs ?? 0, false);
  const closeOptions: CloseOptions =
    options.gracePeriodMs === undefined ? { notServingDelayMs } : { notServingDelayMs, gracePeriodMs: verifyDurationMs("closeOnSignal: gracePeriodMs", options.gracePeriodMs, true) };
  const exit = options.exit ?? true;
  if (typeof exit !== "boolean") throw new TypeError(`closeOnSignal: exit must be a boolean, got ${JSON.stringify(exit)}`);
  const onClosed = options.onClosed;
  if (onClosed !== undefined && typeof onClosed !== "function") throw new TypeError("closeOnSignal: onClosed must be a function");

  /** armed ──signal──▶ closing ──signal──▶ forcing; either ──close done──▶ closed */
  let phase: "armed" | "closing" | "forcing" | "closed" = "armed";
  const remove = (): void => {
    for (const signal of signals) process.off(signal, onSignal);
  };
  const finish = async (signal: NodeJS.Signals, error: unknown): Promise<void> => {
    const forced = phase === "forcing";
    phase = "closed";
    remove();
    let ok = error === undefined && !forced;
    const outcome: CloseOutcome = error === undefined ? { signal, forced } : { signal, forced, error };
    if (onClosed !== undefined) {
      try {
        await onClosed(outcome);
      } catch (hookError) {
        ok = false;
        console.error("closeOnSignal: onClosed failed", hookError);
      }
    } else if (error !== undefined) {
      console.error("closeOnSignal: closing the server failed", error);
    }
    if (exit) process.exit(ok ? 0 : 1);
  };
  function onSignal(signal: NodeJS.Signals): void {
    if (phase === "armed") {
      phase = "closing";
      server.close(closeOptions).then(
        () => finish(signal, undefined),
        (error: unknown) => finish(signal, error ?? new Error("close failed")),
      );
    } else if (phase === "closing") {
      phase = "forcing";
      // The graceful close's promise settles once this is done, and `finish` runs from there.
      server.close({ force: true }).catch(() => {});
    }
  }
  for (const signal of signals) process.on(signal, onSignal);
  return remove;
}

function verifySignals(signals: readonly NodeJS.Signals[]): readonly NodeJS.Signals[] {
  if (!Array.isArray(signals) || signals.length === 0 || !signals.every((s) => typeof s === "string" && s.startsWith("SIG"))) {
    throw new TypeError(`closeOnSignal: signals must be a non-empty list of signal names such as "SIGTERM", got ${JSON.stringify(signals)}`);
  }
  return [...new Set(signals)];
}
