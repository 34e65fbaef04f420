/**
 * A type registry: the message types a `google.protobuf.Any` may hold, looked up by full name when
 * converting `Any` to and from JSON or unpacking it, and the extensions JSON may name
 * (`"[acme.v1.priority]"`). Generated message types list the extensions declared in their file
 * (`fileExtensions`), so a registry made from a file's message types knows that file's extensions.
 */
import type { Extension } from "./extension.ts";
import type { MessageType } from "./message-type.ts";

/** Message types and extensions by fully-qualified name. */
export interface Registry {
  /** The type named `typeName` (e.g. `"shop.v1.Order"`), or `undefined`. */
  find(typeName: string): MessageType | undefined;
  /** The extension named `typeName` (e.g. `"acme.v1.priority"`), or `undefined`. */
  findExtension(typeName: string): Extension | undefined;
  /** The extensions of the message named `extendee` that this registry knows. */
  extensionsOf(extendee: string): readonly Extension[];
}

/** Builds a {@link Registry} from message types and extensions; later duplicates of a name replace earlier ones. */
export function createRegistry(...items: readonly (MessageType | Extension)[]): Registry {
  const types = new Map<string, MessageType>();
  const extensions = new Map<string, Extension>();
  const add = (ext: Extension): void => void extensions.set(ext.typeName, ext);
  for (const item of items) {
    if ("extendee" in item) add(item);
    else {
      types.set(item.typeName, item);
      for (const ext of item.fileExtensions?.() ?? []) add(ext);
    }
  }
  const byExtendee = new Map<string, Extension[]>();
  for (const ext of extensions.values()) {
    const list = byExtendee.get(ext.extendee);
    if (list === undefined) byExtendee.set(ext.extendee, [ext]);
    else list.push(ext);
  }
  return {
    find: (typeName) => types.get(typeName),
    findExtension: (typeName) => extensions.get(typeName),
    extensionsOf: (extendee) => byExtendee.get(extendee) ?? [],
  };
}
