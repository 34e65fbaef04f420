/**
 * A type registry: the message types a `google.protobuf.Any` may hold, looked up by full name when
 * converting `Any` to and from JSON or unpacking it.
 */
import type { MessageType } from "./message-type.ts";

/** Message types by fully-qualified name. */
export interface Registry {
  /** The type named `typeName` (e.g. `"shop.v1.Order"`), or `undefined`. */
  find(typeName: string): MessageType | undefined;
}

/** Builds a {@link Registry}; later duplicates of a name replace earlier ones. */
export function createRegistry(...types: readonly MessageType[]): Registry {
  const byName = new Map<string, MessageType>();
  for (const type of types) byName.set(type.typeName, type);
  return { find: (typeName) => byName.get(typeName) };
}
