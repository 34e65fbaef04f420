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
