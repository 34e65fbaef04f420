/**
 * The trailer block a server call ends with, and the two decisions behind it: which of an error's
 * details go out (those of a rethrown downstream error only with `downstreamDetails: "forward"`),
 * and what happens when they do not fit the sender's metadata limit — they are dropped and logged,
 * while the code and message still reach the client. Only errors get here with details, so an OK
 * call pays for none of it.
 */
import { codeName } from "./code.ts";
import { isReceived } from "./downstream-error.ts";
import type { ErrorDetail } from "./error-detail.ts";
import { encodeTrailers } from "./header-encoder.ts";
import { logSafely } from "./logger.ts";
import type { Metadata } from "./metadata.ts";
import type { RpcError } from "./rpc-error.ts";
import type { ServerOptions } from "./server-options.ts";

const NO_DETAILS: readonly ErrorDetail[] = [];

/**
 * Encodes the trailers for `error` (OK when `undefined`) with `trailer` metadata under the soft
 * limit. Details over the limit are dropped (and logged) rather than failing the call; throws
 * `ResourceExhausted` only when the block is too large without details — the caller then sends
 * `Internal` instead.
 */
export function encodeServerTrailers(error: RpcError | undefined, trailer: Metadata | undefined, config: ServerOptions, path: string): Uint8Array {
  const limit = config.metadataSoftLimitBytes;
  if (error === undefined) return encodeTrailers(0, "", NO_DETAILS, trailer, limit);
  const details = detailsToSend(error, config);
  if (details.length === 0) return encodeTrailers(error.code, error.message, NO_DETAILS, trailer, limit);
  try {
    return encodeTrailers(error.code, error.message, details, trailer, limit);
  } catch (tooLarge) {
    const block = encodeTrailers(error.code, error.message, NO_DETAILS, trailer, limit);
    logSafely(
      config.logger,
      `${String(details.length)} error detail(s) of ${path} dropped: with them the trailers exceed metadataSoftLimitBytes ` +
        `(${String(limit)} bytes); the call still ends with ${codeName(error.code)}: ${error.message}`,
      tooLarge,
      { event: "details.dropped", method: path },
    );
    return block;
  }
}

/** The details of `error` the server sends: all of them, unless it is a downstream error and the policy drops those. */
function detailsToSend(error: RpcError, config: ServerOptions): readonly ErrorDetail[] {
  if (error.details.length === 0) return NO_DETAILS;
  if (config.downstreamDetails === "drop" && isReceived(error)) return NO_DETAILS;
  return error.details;
}
