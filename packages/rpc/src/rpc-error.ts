import { Code, codeName, isCode } from "./code.ts";
import { decodeDetails, type DetailType, type ErrorDetail } from "./error-detail.ts";
import { detailsJson, type DetailRegistry, type RpcErrorJson } from "./error-json.ts";
import { Metadata, type MetadataInit } from "./metadata.ts";
import { setMetadataErrorFactory } from "./metadata-error.ts";

/** Options of the {@link RpcError} constructor. */
export interface RpcErrorOptions {
  /** Response metadata to send (server) or that was received (client) with the error. */
  readonly metadata?: MetadataInit;
  /** The underlying error; kept locally, never sent over the wire. */
  readonly cause?: unknown;
  /** Structured details, e.g. `[errorDetail(BadRequest, { … })]`; sent in the trailers. */
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
  /** Every detail as it arrived (or was given), known type or not; {@link findDetails} decodes them. */
  readonly details: readonly ErrorDetail[];
  /** Types `findDetails` was asked for, by name: `toJSON` shows their details as fields. */
  #known: Map<string, DetailType<unknown>> | undefined;

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

  /**
   * The details holding a message of `type` (matched by its full name), decoded, in order: `[]`
   * when there are none. Entries of other types are skipped (they stay in `details`), and so is
   * one that does not decode as `type`. Works with the `google.rpc` types of `strand/errors` and
   * with any generated message type.
   */
  findDetails<T>(type: DetailType<T>): T[] {
    if (this.details.length === 0) return [];
    const found = decodeDetails(this.details, type);
    if (found.length > 0) (this.#known ??= new Map()).set(type.typeName, type as DetailType<unknown>);
    return found;
  }

  /**
   * The proto3 JSON of the `google.rpc.Status` this error stands for — `{ code, message, details }`,
   * each detail with its `"@type"` — which `JSON.stringify(error)` prints. A detail's fields are
   * shown when its type is known: from `registry` (e.g. `createRegistry(...)` of
   * `strand/protobuf`), from an earlier `findDetails`, or because `errorDetail` packed it here;
   * otherwise as `{ "@type", value: <base64> }`. Never throws.
   */
  toJSON(registry?: DetailRegistry): RpcErrorJson {
    // JSON.stringify calls toJSON(key) with a string key: only an object is a registry.
    const types = typeof registry === "object" && registry !== null ? registry : undefined;
    if (this.details.length === 0) return { code: this.code, message: this.message };
    return { code: this.code, message: this.message, details: detailsJson(this.details, this.#known, types) };
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
