/**
 * The overlay step of generated `create(init)`: copies the defined entries of `init` onto a
 * message already holding every default, so `create({ name: "x" })` keeps the other defaults and
 * an explicit `undefined` in `init` never erases one. Nested messages given in `init` — alone, in
 * lists, as map values or oneof values — may be partial too ({@link MessageInit}): each is made
 * whole by its own type's `create`, so the result holds every field at every depth, as typed.
 */
import { setMapEntry } from "./map-entry.ts";
import type { FieldInfo, MessageType } from "./message-type.ts";

/**
 * What may be given where a message is expected (`create(init)`, call arguments, handler
 * results): any subset of its fields, at every depth. A misspelled field is still an error.
 */
export type MessageInit<T> = { [K in keyof T]?: FieldInit<T[K]> };

/** One field's init: scalars, bytes and enums as they are; messages — alone, in lists, maps and oneofs — partial. */
export type FieldInit<F> = F extends Uint8Array | bigint | number | string | boolean | null | undefined
  ? F
  : F extends readonly (infer E)[]
    ? FieldInit<E>[]
    : F extends { readonly case: undefined }
      ? F
      : F extends { readonly case: infer C; readonly value: infer V }
        ? { case: C; value: FieldInit<V> }
        : F extends object
          ? MessageInit<F>
          : F;

/** Copies each own enumerable entry of `init` whose value is not `undefined` onto `message`, nested messages made whole by `type`. */
export function initMessage<T extends object>(message: T, init: MessageInit<T> | undefined, type?: Pick<MessageType, "fields">): T {
  if (init === undefined || init === null) return message;
  const target = message as Record<string, unknown>;
  const source = init as Record<string, unknown>;
  const nested = type === undefined ? undefined : messageFields(type);
  for (const key of Object.keys(source)) {
    const value = source[key];
    if (value === undefined) continue;
    const fields = nested?.get(key);
    target[key] = fields === undefined ? value : whole(fields, value);
  }
  return message;
}

const cache = new WeakMap<object, Map<string, FieldInfo[]>>();

/** The fields of `type` that hold messages, by property (a oneof's property lists its message members). */
function messageFields(type: Pick<MessageType, "fields">): Map<string, FieldInfo[]> {
  let index = cache.get(type);
  if (index !== undefined) return index;
  index = new Map();
  for (const f of type.fields) {
    if (f.kind !== "message" && !(f.kind === "map" && f.value.kind === "message")) continue;
    const prop = f.oneof ?? f.name;
    const list = index.get(prop);
    if (list === undefined) index.set(prop, [f]);
    else list.push(f);
  }
  cache.set(type, index);
  return index;
}

function whole(fields: readonly FieldInfo[], value: unknown): unknown {
  const f = fields[0]!;
  if (f.oneof !== undefined) {
    const o = value as { case?: string; value?: unknown };
    const member = fields.find((m) => m.name === o.case);
    return member?.kind === "message" && o.value != null ? { case: o.case, value: member.type().create(o.value as never) } : value;
  }
  if (f.kind === "map") {
    if (f.value.kind !== "message" || typeof value !== "object" || value === null) return value;
    const type = f.value.type();
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) setMapEntry(out, k, v == null ? v : type.create(v as never));
    return out;
  }
  if (f.kind !== "message") return value;
  const type = f.type();
  if (f.repeated === true) return Array.isArray(value) ? value.map((v) => (v == null ? v : type.create(v as never))) : value;
  return typeof value === "object" ? type.create(value as never) : value;
}
