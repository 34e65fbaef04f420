/**
 * S8's client loop: `count` connection lifecycles with at most `concurrency` under way at once
 * (the bounded fan-out of a client pool reconnecting, or of a churning attacker). Node-compatible.
 */

/** What one churn run did. */
export interface ChurnResult {
  /** Lifecycles completed (closed normally). */
  readonly completed: number;
  /** Lifecycles that failed (connect refused, reset, call failed). */
  readonly failed: number;
  /** The first failure's message, for the log. */
  readonly firstError: string | undefined;
  /** Wall time of the whole run. Milliseconds. */
  readonly ms: number;
}

/** Runs `once` `count` times, `concurrency` at a time; failures are counted, not thrown. */
export async function churn(once: () => Promise<void>, count: number, concurrency: number): Promise<ChurnResult> {
  const start = performance.now();
  let started = 0;
  let completed = 0;
  let failed = 0;
  let firstError: string | undefined;
  const lane = async (): Promise<void> => {
    while (started < count) {
      started++;
      try {
        await once();
        completed++;
      } catch (error) {
        failed++;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  return { completed, failed, firstError, ms: performance.now() - start };
}
