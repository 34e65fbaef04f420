import { stripUndefined } from "./client-options.ts";
import { Code } from "./code.ts";
import { defaultLimits, verifyLimits, type Limits } from "./limits.ts";
import { consoleLogger, isLogger, type Logger } from "./logger.ts";
import { RpcError } from "./rpc-error.ts";
import type { ServerInterceptor } from "./server-interceptor.ts";

/** Options of the server-side dispatcher (`@strand/tcp`'s `createServer` passes them through). */
export interface ServerOptions extends Limits {
  /** Server interceptors, outermost first. Default: none. */
  readonly interceptors: readonly ServerInterceptor[];
  /**
   * Receives handler failures that are not `RpcError`s (the client only sees `Internal`), and
   * response metadata or error details dropped for exceeding `metadataSoftLimitBytes`. Default:
   * `console.error`.
   */
  readonly logger: Logger;
  /**
   * What happens to the details of an error a handler (or server interceptor) rethrows as it got
   * it from a call of its own to another server: `"drop"` sends its code and message without them,
   * `"forward"` sends them on unchanged. Default: `"drop"`. A downstream service's details
   * describe that service — its field names, quotas, resources, debug info, its retry advice for
   * its caller — not this server's API, and passing them through would leak internals to this
   * server's clients (the advice of Google's AIP-193 on errors from dependencies); a transparent
   * gateway or proxy sets `"forward"`. Errors the handler builds itself, even from a downstream
   * error's parts (`new RpcError(e.code, e.message, { details: e.details })`), always keep their details.
   */
  readonly downstreamDetails: "drop" | "forward";
}

/** The defaults of {@link ServerOptions}. */
export const defaultServerOptions: ServerOptions = {
  ...defaultLimits,
  interceptors: [],
  logger: consoleLogger,
  downstreamDetails: "drop",
};

/** Fills in defaults and throws `InvalidArgument` on bad values, at construction. */
export function verifyServerOptions(options: Partial<ServerOptions> = {}): ServerOptions {
  const merged: ServerOptions = { ...defaultServerOptions, ...stripUndefined(options) };
  verifyLimits(merged);
  if (!Array.isArray(merged.interceptors) || !merged.interceptors.every((i) => typeof i === "function")) {
    throw new RpcError(Code.InvalidArgument, "interceptors must be an array of functions");
  }
  if (!isLogger(merged.logger)) throw new RpcError(Code.InvalidArgument, "logger must have an error(message, error) method, and warn, info and debug only as functions");
  if (merged.downstreamDetails !== "drop" && merged.downstreamDetails !== "forward") {
    throw new RpcError(Code.InvalidArgument, `downstreamDetails must be "drop" or "forward", got ${JSON.stringify(merged.downstreamDetails)}`);
  }
  return merged;
}
