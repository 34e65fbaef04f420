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
 *
 * The code and the reason text are kept apart (`code`, `reason`) so that a translator can use the
 * reason as it was written; `message` joins them (`[PROTOCOL_ERROR] reason`) only for logs and stack
 * traces.
 */
export class WireError extends Error {
  override readonly name = "WireError";
  readonly code: ErrorCode;
  /** The human-readable reason as given to the constructor, without the `[CODE] ` prefix of `message`. */
  readonly reason: string;
  readonly scope: ErrorScope;
  readonly initiator: ErrorInitiator;

  constructor(code: ErrorCode, reason: string, options: WireErrorOptions = {}) {
    super(`[${errorCodeName(code)}] ${reason}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.reason = reason;
    this.scope = options.scope ?? "connection";
    this.initiator = options.initiator ?? "local";
  }

  /**
   * Wraps anything thrown into a WireError, keeping the original as `cause`: a WireError is returned
   * as it is; otherwise the reason is the thrown error's message (or the value as a string).
   */
  static from(thrown: unknown, fallback: ErrorCode = ErrorCode.InternalError): WireError {
    if (thrown instanceof WireError) return thrown;
    const reason = thrown instanceof Error ? thrown.message : String(thrown);
    return new WireError(fallback, reason, { cause: thrown });
  }
}
