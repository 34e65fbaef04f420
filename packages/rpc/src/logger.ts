/**
 * Where the server reports errors that the client must not see (a handler's non-`RpcError`
 * throw, with its stack). Pluggable so services can route it into their own logging.
 */
export interface Logger {
  /** An unexpected failure; `error` is the original thrown value. */
  error(message: string, error: unknown): void;
}

/** Logs to `console.error`, the least surprising default. */
export const consoleLogger: Logger = {
  error(message, error) {
    console.error(message, error);
  },
};

/** Reports to `logger`, swallowing what it throws: a failing logger must never change a call's outcome. */
export function logSafely(logger: Logger, message: string, error: unknown): void {
  try {
    logger.error(message, error);
  } catch {
    // Nothing sensible is left to report to.
  }
}
