/** How much a log line matters, least first (`debug` < `info` < `warn` < `error`). */
export type LogLevel = "debug" | "info" | "warn" | "error";

/**
 * The structured part of a log line: plain values a JSON logger prints as they are. Every record
 * has `event` (`"connection.opened"`, `"goaway.received"`, `"handler.failed"`, … — the list is in
 * docs/logging.md), so logs can be filtered by what happened rather than by wording.
 */
export type LogFields = Readonly<Record<string, string | number | boolean | undefined>>;

/**
 * Where servers and channels report what happens to them. Only `error` is required; each other
 * level is reported only when the logger has that method, and nothing is formatted for a level it
 * lacks, so a logger with `error` alone (the default, {@link consoleLogger}) costs the other events
 * nothing. Routed into pino, winston or a service's own logging with a few lines (docs/logging.md).
 *
 * - `error`: handler failures that are not `RpcError`s (the client sees only `Internal`), response
 *   metadata or error details dropped for their size — `error` is the original thrown value.
 * - `warn`: protocol errors with their codes: a connection closed or a stream reset for an error
 *   either side found, a GOAWAY with an error code.
 * - `info`: connections opened and closed, graceful GOAWAYs sent and received.
 * - `debug`: nothing yet; reserved for per-call tracing.
 */
export interface Logger {
  error(message: string, error: unknown, fields?: LogFields): void;
  warn?(message: string, fields: LogFields): void;
  info?(message: string, fields: LogFields): void;
  debug?(message: string, fields: LogFields): void;
}

/** Logs errors to `console.error` and nothing else: handler failures never vanish, the rest stays quiet. */
export const consoleLogger: Logger = {
  error(message, error) {
    console.error(message, error);
  },
};

/** Logs nothing at all, not even handler failures (tests, or services that report errors through interceptors). */
export const silentLogger: Logger = { error() {} };

const RANK: Readonly<Record<LogLevel, number>> = { debug: 0, info: 1, warn: 2, error: 3 };

/**
 * A logger printing one line per record at `level` and above to the console (`console.error` for
 * warnings and errors, `console.log` otherwise): `LEVEL message key=value …`. For development;
 * production services pass their own logger.
 */
export function createConsoleLogger(level: LogLevel = "info"): Logger {
  if (!(level in RANK)) throw new RangeError(`log level must be one of debug, info, warn, error; got ${String(level)}`);
  const line = (name: LogLevel, message: string, fields: LogFields | undefined): string => {
    let out = `${name.toUpperCase()} ${message}`;
    if (fields !== undefined) for (const [key, value] of Object.entries(fields)) if (value !== undefined) out += ` ${key}=${typeof value === "string" && /[\s="]/.test(value) ? JSON.stringify(value) : String(value)}`;
    return out;
  };
  const logger: { -readonly [K in keyof Logger]: Logger[K] } = { error: (message, error, fields) => console.error(line("error", message, fields), error) };
  if (RANK[level] <= RANK.warn) logger.warn = (message, fields) => console.error(line("warn", message, fields));
  if (RANK[level] <= RANK.info) logger.info = (message, fields) => console.log(line("info", message, fields));
  if (RANK[level] <= RANK.debug) logger.debug = (message, fields) => console.log(line("debug", message, fields));
  return logger;
}

/** Whether `value` is a usable {@link Logger}: an `error` method, and functions for the levels it has. */
export function isLogger(value: unknown): value is Logger {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Record<string, unknown>;
  if (typeof candidate["error"] !== "function") return false;
  return (["warn", "info", "debug"] as const).every((level) => candidate[level] === undefined || typeof candidate[level] === "function");
}

/** Reports to `logger`, swallowing what it throws: a failing logger must never change a call's outcome. */
export function logSafely(logger: Logger, message: string, error: unknown, fields?: LogFields): void {
  try {
    logger.error(message, error, fields);
  } catch {
    // Nothing sensible is left to report to.
  }
}

/** Reports at `level` when `logger` has it, swallowing what it throws (as {@link logSafely}). */
export function logAt(logger: Logger, level: Exclude<LogLevel, "error">, message: string, fields: LogFields): void {
  try {
    logger[level]?.(message, fields);
  } catch {
    // A failing logger must not break the connection it reports on.
  }
}
