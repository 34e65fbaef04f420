import { ErrorCode, errorCodeName } from "./error-code.ts";

/** Whether an error ends one stream or the whole connection. */
export type ErrorScope = "stream" | "connection";
/** Who detected the condition: this endpoint, or the peer (reported via RST_STREAM/GOAWAY). */
export type ErrorInitiator = "local" | "remote";

/** Options for {@link WireError}. */
export interface WireErrorOptions {
  readonly scope?: ErrorScope;
  readonly initiator?: ErrorInitiator;
  readonly cause?: unknown;
}

/**
 * The wire layer's one error type: a protocol code, its scope and who initiated it, so that the
 * RPC layer can map it to a status (e.g. REFUSED_STREAM → safe to retry, KEEPALIVE_TIMEOUT →
 * unavailable) without parsing messages.
 */
export class WireError extends Error {
  override readonly name = "WireError";
  readonly code: ErrorCode;
  readonly scope: ErrorScope;
  readonly initiator: ErrorInitiator;

  constructor(code: ErrorCode, message: string, options: WireErrorOptions = {}) {
    super(`[${errorCodeName(code)}] ${message}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.scope = options.scope ?? "connection";
    this.initiator = options.initiator ?? "local";
  }

  /** Wraps anything thrown into a WireError, keeping the original as `cause`. */
  static from(reason: unknown, fallback: ErrorCode = ErrorCode.InternalError): WireError {
    if (reason instanceof WireError) return reason;
    const message = reason instanceof Error ? reason.message : String(reason);
    return new WireError(fallback, message, { cause: reason });
  }
}
