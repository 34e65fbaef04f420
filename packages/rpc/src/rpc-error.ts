import { Code, codeName, isCode } from "./code.ts";
import { Metadata, type MetadataInit } from "./metadata.ts";
import { setMetadataErrorFactory } from "./metadata-error.ts";

/**
 * One entry of an error's structured details, the same shape as a `google.protobuf.Any`: the
 * receiver decodes `value` when it knows `type`. Carried verbatim in the trailer block.
 */
export interface ErrorDetail {
  /** Fully-qualified message type name, e.g. `"google.rpc.RetryInfo"`. */
  readonly type: string;
  /** The encoded message. */
  readonly value: Uint8Array;
}

/** Options of the {@link RpcError} constructor. */
export interface RpcErrorOptions {
  /** Response metadata to send (server) or that was received (client) with the error. */
  readonly metadata?: MetadataInit;
  /** The underlying error; kept locally, never sent over the wire. */
  readonly cause?: unknown;
  /** Structured details; sent in the trailers. */
  readonly details?: readonly ErrorDetail[];
}

/**
 * The only error type of the RPC layer. Handlers throw it to choose the status a client sees;
 * clients receive it for every failed call, whatever went wrong (status from the server, deadline,
 * cancellation, transport loss). `message` is the raw status message, unprefixed, so that it
 * round-trips exactly through the wire.
 */
export class RpcError extends Error {
  override readonly name = "RpcError";
  readonly code: Code;
  readonly metadata: Metadata;
  readonly details: readonly ErrorDetail[];

  constructor(code: Code, message: string, options: RpcErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = isCode(code) ? code : Code.Unknown;
    this.metadata = options.metadata instanceof Metadata ? options.metadata : new Metadata(options.metadata);
    this.details = options.details ?? [];
  }

  /**
   * Converts anything thrown or used as an abort reason into an `RpcError`, so every failure path
   * ends in one type: RpcErrors pass through, `AbortError`/`TimeoutError` become `Canceled` /
   * `DeadlineExceeded`, anything else gets `code` (default `Unknown`) and is kept as `cause`.
   */
  static from(reason: unknown, code: Code = Code.Unknown): RpcError {
    if (reason instanceof RpcError) return reason;
    if (reason instanceof Error || isDomException(reason)) {
      const name = (reason as Error).name;
      if (name === "AbortError") return new RpcError(Code.Canceled, (reason as Error).message || "operation was aborted", { cause: reason });
      if (name === "TimeoutError") return new RpcError(Code.DeadlineExceeded, (reason as Error).message || "operation timed out", { cause: reason });
      return new RpcError(code, (reason as Error).message, { cause: reason });
    }
    return new RpcError(code, typeof reason === "string" ? reason : String(reason), { cause: reason });
  }

  /** `"[DeadlineExceeded] deadline exceeded"`: what logs should print. */
  override toString(): string {
    return `RpcError: [${codeName(this.code)}] ${this.message}`;
  }
}

// Invalid metadata names and values are InvalidArgument RpcErrors (metadata-error.ts says why this way round).
setMetadataErrorFactory((message) => new RpcError(Code.InvalidArgument, message));

function isDomException(value: unknown): boolean {
  return typeof DOMException !== "undefined" && value instanceof DOMException;
}
