/**
 * The one error type of `@strand/protobuf`. Every failure while decoding binary or JSON input, or
 * while encoding a value that cannot be represented, is a `ProtobufError` with a code from a closed
 * set, so callers (the rpc layer maps them to `InvalidArgument` / `Internal`) can switch on it.
 */

/** Every reason the runtime can fail. Closed set: add a member here and handle it everywhere. */
export type ProtobufErrorCode =
  /** Input ended in the middle of a value, or a declared length runs past the end. */
  | "truncated"
  /** A varint longer than 10 bytes, or a 32-bit value that does not fit. */
  | "invalid_varint"
  /** A `string` field that must be UTF-8 (proto3; editions' `utf8_validation = VERIFY`) and is not. */
  | "invalid_utf8"
  /** Wire type 6 or 7, a field number 0, or an end-group tag without a start. */
  | "invalid_wire_type"
  /** Messages or groups nested deeper than the recursion limit. */
  | "depth_exceeded"
  /** A JSON value that does not match the field's type, or unparseable JSON. */
  | "invalid_json"
  /** A value that cannot be encoded (out-of-range integer, bad Timestamp, unknown Any type). */
  | "invalid_value"
  /** A proto2 `required` field absent from the bytes decoded, or from the message encoded. */
  | "missing_required";

/** Options for {@link ProtobufError}. */
export interface ProtobufErrorOptions {
  /** The underlying error, kept for diagnosis. */
  readonly cause?: unknown;
}

/** A decoding/encoding failure with a code from {@link ProtobufErrorCode}. */
export class ProtobufError extends Error {
  override readonly name = "ProtobufError";
  /** Why it failed; see {@link ProtobufErrorCode}. */
  readonly code: ProtobufErrorCode;

  constructor(code: ProtobufErrorCode, message: string, options: ProtobufErrorOptions = {}) {
    super(`[${code}] ${message}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }

  /**
   * Wraps anything thrown while encoding/decoding: a `ProtobufError` passes through unchanged,
   * anything else becomes `invalid_value` with the original kept as `cause`.
   */
  static from(error: unknown): ProtobufError {
    if (error instanceof ProtobufError) return error;
    const message = error instanceof Error ? error.message : String(error);
    return new ProtobufError("invalid_value", message, { cause: error });
  }
}
