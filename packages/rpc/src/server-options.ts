import { stripUndefined } from "./client-options.ts";
import { Code } from "./code.ts";
import { defaultLimits, verifyLimits, type Limits } from "./limits.ts";
import { consoleLogger, type Logger } from "./logger.ts";
import { RpcError } from "./rpc-error.ts";
import type { ServerInterceptor } from "./server-interceptor.ts";

/** Options of the server-side dispatcher (`@strand/tcp`'s `createServer` passes them through). */
export interface ServerOptions extends Limits {
  /** Server interceptors, outermost first. Default: none. */
  readonly interceptors: readonly ServerInterceptor[];
  /** Receives handler failures that are not `RpcError`s (the client only sees `Internal`). Default: `console.error`. */
  readonly logger: Logger;
}

/** The defaults of {@link ServerOptions}. */
export const defaultServerOptions: ServerOptions = {
  ...defaultLimits,
  interceptors: [],
  logger: consoleLogger,
};

/** Fills in defaults and throws `InvalidArgument` on bad values, at construction. */
export function verifyServerOptions(options: Partial<ServerOptions> = {}): ServerOptions {
  const merged: ServerOptions = { ...defaultServerOptions, ...stripUndefined(options) };
  verifyLimits(merged);
  if (!Array.isArray(merged.interceptors) || !merged.interceptors.every((i) => typeof i === "function")) {
    throw new RpcError(Code.InvalidArgument, "interceptors must be an array of functions");
  }
  if (typeof merged.logger?.error !== "function") throw new RpcError(Code.InvalidArgument, "logger must have an error(message, error) method");
  return merged;
}
