/**
 * Per-type facts JSON parsing and printing need, computed once per type: which fields are proto2
 * `required`, and which JSON key names which field. protoc (3.21) accepts two fields with one JSON
 * name — equal `json_name` options, proto2's `user_id` beside `userId`, a `json_name` equal to
 * another field's name — so both directions are defined here rather than left to whichever field
 * comes last: a field is written under its JSON name unless another field has that JSON name or
 * proto name, then under its proto name (unique in a message). Parsing reads the written keys
 * first, then any JSON name (the first field with it), then proto names. Every message
 * round-trips.
 */
import type { FieldInfo, MessageType } from "./message-type.ts";

interface Names {
  /** JSON key → field, for parsing. */
  readonly byKey: Map<string, FieldInfo>;
  /** Field → the key it is written under. */
  readonly keyOf: Map<FieldInfo, string>;
  /** The proto2 `required` fields, which parsing checks for. */
  readonly required: readonly FieldInfo[];
}

const cache = new WeakMap<MessageType, Names>();

function namesOf(type: MessageType): Names {
  let names = cache.get(type);
  if (names !== undefined) return names;
  const byKey = new Map<string, FieldInfo>();
  const keyOf = new Map<FieldInfo, string>();
  const claims = new Map<string, number>();
  const claim = (name: string): void => void claims.set(name, (claims.get(name) ?? 0) + 1);
  for (const f of type.fields) {
    claim(f.jsonName);
    if (f.protoName !== f.jsonName) claim(f.protoName);
  }
  for (const f of type.fields) {
    const key = claims.get(f.jsonName) === 1 ? f.jsonName : f.protoName;
    keyOf.set(f, key);
    byKey.set(key, f);
  }
  for (const f of type.fields) if (!byKey.has(f.jsonName)) byKey.set(f.jsonName, f);
  for (const f of type.fields) if (!byKey.has(f.protoName)) byKey.set(f.protoName, f);
  names = { byKey, keyOf, required: type.fields.filter((f) => f.required === true) };
  cache.set(type, names);
  return names;
}

/** The field a JSON object key names in `type`, if any. */
export function fieldByJsonKey(type: MessageType, key: string): FieldInfo | undefined {
  return namesOf(type).byKey.get(key);
}

/** The key each field of `type` is written under (its JSON name, unless another field claims it too). */
export function jsonKeysOf(type: MessageType): ReadonlyMap<FieldInfo, string> {
  return namesOf(type).keyOf;
}

/** The proto2 `required` fields of `type` (usually none). */
export function requiredFieldsOf(type: MessageType): readonly FieldInfo[] {
  return namesOf(type).required;
}
