/**
 * Decides, once per field, everything the emitters need: the TypeScript property (or oneof
 * property and case), the element type, whether it is an unwrapped wrapper, and its default
 * value expression. Keeps the interface, the codec and the field table consistent.
 */
import type { FileContext } from "./file-context.ts";
import type { FieldModel, MessageModel, Scalar, ValueType } from "./model.ts";
import { uniqueName } from "./file-names.ts";
import { propertyName } from "./names.ts";
import { defaultLiteral, scalarInfo } from "./scalar-info.ts";
import { WRAPPERS } from "./well-known.ts";

/** The plan for one field. */
export interface FieldPlan {
  readonly field: FieldModel;
  /** The property holding the value (for oneof members: the oneof's property). */
  readonly prop: string;
  /** For oneof members: the `case` string (the member's property name). */
  readonly oneofCase: string | undefined;
  /** The wrapped scalar when this is a singular wrapper-type field surfaced as `T | undefined`. */
  readonly wrapper: Scalar | undefined;
  /** TypeScript type of one element (for maps: of one value). */
  readonly elementType: string;
  /** Tag of one element: `(number << 3) | wireType` (unpacked form). */
  readonly tag: number;
  /** Tag of the length-delimited (packed / message / map entry) form; a group's START_GROUP tag. */
  readonly delimitedTag: number;
}

/** TypeScript type of a value of `type`. */
export function valueTsType(ctx: FileContext, type: ValueType): string {
  switch (type.kind) {
    case "scalar":
      return scalarInfo(type.scalar).tsType;
    case "enum":
    case "message":
      return ctx.ref(type.typeName);
  }
}

/** Wire type of one element of `type`. */
export function wireTypeOf(type: ValueType): number {
  switch (type.kind) {
    case "scalar":
      return scalarInfo(type.scalar).wireType;
    case "enum":
      return 0;
    case "message":
      return 2;
  }
}

/** Plans every field of `message`. */
export function planFields(ctx: FileContext, message: MessageModel): FieldPlan[] {
  const props = propertyNames(message);
  return message.fields.map((field) => {
    const wrapped = field.cardinality === "single" && field.oneof === undefined && field.type.kind === "message"
      ? WRAPPERS.get(field.type.typeName)
      : undefined;
    const elementType = wrapped !== undefined ? scalarInfo(wrapped).tsType : valueTsType(ctx, field.type);
    const wire = field.cardinality === "map" ? 2 : wireTypeOf(field.type);
    return {
      field,
      prop: props.get(field.oneof !== undefined ? `oneof ${field.oneof}` : field.protoName)!,
      oneofCase: field.oneof !== undefined ? props.get(`case ${field.protoName}`) : undefined,
      wrapper: wrapped,
      elementType,
      // A group's element tag is its START_GROUP tag, in both places a message's tag is read from.
      tag: ((field.number << 3) | (field.delimited === true ? 3 : wire)) >>> 0,
      delimitedTag: ((field.number << 3) | (field.delimited === true ? 3 : 2)) >>> 0,
    };
  });
}

/**
 * Each field's and oneof's property, and each oneof member's case name (keyed `oneof <name>` and
 * `case <field>`): lowerCamelCase and escaped, made unique where protoc allows two names that
 * camel-case alike (`user_id` and `userId` in proto2) — the later one gets `$1`.
 */
function propertyNames(message: MessageModel): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Set<string>();
  const cases = new Map<string, Set<string>>();
  for (const f of message.fields) {
    const key = f.oneof !== undefined ? `oneof ${f.oneof}` : f.protoName;
    if (!out.has(key)) {
      const name = uniqueName(propertyName(f.oneof ?? f.protoName), used);
      used.add(name);
      out.set(key, name);
    }
    if (f.oneof === undefined) continue;
    const taken = cases.get(f.oneof) ?? new Set<string>();
    cases.set(f.oneof, taken);
    const name = uniqueName(propertyName(f.protoName), taken);
    taken.add(name);
    out.set(`case ${f.protoName}`, name);
  }
  return out;
}

/** True when the property is `T | undefined` (optional in the interface). */
export function isOptionalProperty(plan: FieldPlan): boolean {
  const f = plan.field;
  if (f.cardinality !== "single" || f.oneof !== undefined) return false;
  if (f.type.kind === "message") return true;
  return f.presence && !f.required;
}

/** The initial value of a (non-oneof) field in `create()` and `decode()`. */
export function initialValue(ctx: FileContext, plan: FieldPlan): string {
  const f = plan.field;
  if (f.cardinality === "repeated") return "[]";
  if (f.cardinality === "map") return "{}";
  if (f.type.kind === "message") return "undefined";
  // Unset optional fields stay `undefined` even with a proto2 `[default = …]` (documented as
  // `@defaultValue`), so presence survives a decode/encode round trip byte for byte.
  if (isOptionalProperty(plan)) return "undefined";
  if (f.defaultValue !== undefined) {
    if (f.type.kind === "enum") return `${ctx.ref(f.type.typeName)}.${String(f.defaultValue)}`;
    return defaultLiteral(f.type.scalar, f.defaultValue);
  }
  if (f.type.kind === "enum") {
    const e = ctx.lookup(f.type.typeName);
    // proto3 enums start at 0; a proto2 required enum defaults to its first value.
    const first = e.kind === "enum" ? e.model.values[0]?.number ?? 0 : 0;
    return first === 0 ? "0" : `${ctx.ref(f.type.typeName)}.${e.kind === "enum" ? e.model.values[0]?.name : ""}`;
  }
  return scalarZero(ctx, f.type.scalar);
}

/** A scalar's zero as source; `bytes` shares the runtime's frozen empty array instead of allocating one. */
export function scalarZero(ctx: FileContext, scalar: Scalar): string {
  return scalar === "bytes" ? ctx.runtime("EMPTY_BYTES") : scalarInfo(scalar).zero;
}
