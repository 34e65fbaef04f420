/**
 * Typed error details: packing a message into an {@link ErrorDetail} and finding them again.
 * The message types are stated structurally ({@link DetailType}) because this package imports no
 * other package of ours: generated message values — the `google.rpc` types of `strand/errors` and
 * a user's own — fit as they are.
 */
import type { MessageInit } from "./message-init.ts";

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

/**
 * A message type that can travel as an error detail: what every generated message value has
 * (methods, so a `DetailType<Foo>` is usable where a `DetailType<unknown>` is expected).
 */
export interface DetailType<T> {
  /** Fully-qualified protobuf name, e.g. `"google.rpc.BadRequest"`: the detail's `type`. */
  readonly typeName: string;
  /** A message with every field at its default, overlaid with `init`. */
  create(init?: MessageInit<T>): T;
  encode(message: T): Uint8Array;
  decode(bytes: Uint8Array): T;
  /** Proto3 JSON of a message; `RpcError#toJSON` uses it when present. */
  toJson?(message: T): unknown;
}

/** The types {@link errorDetail} packed entries with, so `RpcError#toJSON` can show them without a registry. */
const packedWith = new WeakMap<ErrorDetail, DetailType<unknown>>();

/**
 * Packs a message of `type` (any subset of its fields) into an error detail, for
 * `new RpcError(code, message, { details: [...] })`: the one-line alternative to encoding by hand.
 * Throws what the type's `encode` throws on a value it cannot represent.
 */
export function errorDetail<T>(type: DetailType<T>, init: MessageInit<T>): ErrorDetail {
  const detail: ErrorDetail = { type: type.typeName, value: type.encode(type.create(init)) };
  packedWith.set(detail, type as DetailType<unknown>);
  return detail;
}

/** The type `detail` was packed with by {@link errorDetail} in this process, if it was. */
export function packedType(detail: ErrorDetail): DetailType<unknown> | undefined {
  return packedWith.get(detail);
}

/**
 * True when `detail` holds a message named `typeName`. Accepts a type URL too
 * (`type.googleapis.com/<name>`), as details bridged from a `google.protobuf.Any` may carry one.
 */
export function detailIs(detail: ErrorDetail, typeName: string): boolean {
  const type = detail.type;
  if (type === typeName) return true;
  return type.length > typeName.length && type.endsWith(typeName) && type.charCodeAt(type.length - typeName.length - 1) === 0x2f; // "/"
}

/**
 * The messages of `type` among `details`, decoded, in order; entries of other types are skipped,
 * and so is an entry that does not decode (an error path must not throw over a bad detail).
 */
export function decodeDetails<T>(details: readonly ErrorDetail[], type: DetailType<T>): T[] {
  const found: T[] = [];
  for (const detail of details) {
    if (!detailIs(detail, type.typeName)) continue;
    try {
      found.push(type.decode(detail.value));
    } catch {
      // Malformed for this type: left in `details` as raw bytes, not returned.
    }
  }
  return found;
}
