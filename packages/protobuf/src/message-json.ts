/**
 * Table-driven proto3 canonical JSON for generated messages: generated `toJson`/`fromJson` call
 * these with the message's field table. Well-known types with special JSON forms (Timestamp,
 * Struct, Any, …) are handled by their own generated `toJson`/`fromJson`, which this code calls
 * for message-typed fields, so the special forms apply wherever those types appear.
 */
import { enumFromJson, enumToJson } from "./enum-json.ts";
import { describeJson, isJsonObject, type JsonObject, type JsonValue } from "./json-value.ts";
import { fieldByJsonKey, jsonKeysOf, requiredFieldsOf } from "./json-field-names.ts";
import { normalizeMapKey, setMapEntry } from "./map-entry.ts";
import type { FieldInfo, JsonReadOptions, JsonWriteOptions, MapValueInfo, MessageType } from "./message-type.ts";
import { extensionFromJson, extensionsToJson } from "./extension-json.ts";
import { ProtobufError } from "./protobuf-error.ts";
import { requiredMissing } from "./required.ts";
import { scalarFromJson, scalarToJson } from "./scalar-json.ts";
import { isScalarZero, type ScalarType } from "./scalar-type.ts";
import type { UnknownFields } from "./unknown-fields.ts";

/** A single (non-repeated, non-map) value's type, shared by fields, list elements and map values. */
export type ValueInfo = MapValueInfo | { readonly kind: "wrapper"; readonly type: ScalarType };

type Oneof = { readonly case: string | undefined; readonly value?: unknown };

/** Converts `message` (of `type`) to its proto3 JSON object. */
export function messageToJson(type: MessageType, message: object, options: JsonWriteOptions = {}): JsonObject {
  const m = message as Record<string, unknown>;
  const out: JsonObject = {};
  const emitDefaults = options.emitDefaultValues === true;
  const keys = jsonKeysOf(type);
  for (const f of type.fields) {
    const key = options.useProtoFieldName === true ? f.protoName : keys.get(f) ?? f.jsonName;
    if (f.oneof !== undefined) {
      const o = m[f.oneof] as Oneof | undefined;
      if (o !== undefined && o.case === f.name && f.kind !== "map") setMapEntry(out, key, valueToJson(f, o.value, options));
      continue;
    }
    const value = m[f.name];
    if (value === undefined || value === null) continue;
    if (f.kind === "map") {
      const entries = Object.entries(value as Record<string, unknown>);
      if (entries.length === 0 && !emitDefaults) continue;
      const obj: JsonObject = {};
      for (const [k, v] of entries) setMapEntry(obj, k, valueToJson(f.value, v, options));
      setMapEntry(out, key, obj); // a json_name may be spelled __proto__
    } else if (f.repeated === true) {
      const list = value as readonly unknown[];
      if (list.length === 0 && !emitDefaults) continue;
      setMapEntry(out, key, list.map((v) => valueToJson(f, v, options)));
    } else {
      const implicit = f.presence !== true && (f.kind === "scalar" || f.kind === "enum");
      if (implicit && !emitDefaults && isZero(f, value)) continue;
      setMapEntry(out, key, valueToJson(f, value, options));
    }
  }
  extensionsToJson(type.typeName, message as UnknownFields, out, options);
  return out;
}

function isZero(f: FieldInfo, value: unknown): boolean {
  if (f.kind === "enum") return value === 0;
  if (f.kind === "scalar") return isScalarZero(f.type, value);
  return false;
}

/** @internal One value (not a list or map) to JSON; shared with extension-json.ts. */
export function valueToJson(info: ValueInfo, value: unknown, options: JsonWriteOptions): JsonValue {
  switch (info.kind) {
    case "scalar":
    case "wrapper":
      return scalarToJson(info.type, value);
    case "enum":
      return enumToJson(info.type(), value as number, options.enumAsInteger === true);
    case "message":
      return info.type().toJson(value, options);
  }
}

/** Parses proto3 JSON into a new message of `type`; throws `invalid_json` on mismatches. */
export function messageFromJson<T>(type: MessageType<T>, json: JsonValue, options: JsonReadOptions = {}): T {
  if (!isJsonObject(json)) throw invalid(`expected a JSON object for ${type.typeName}, got ${describeJson(json)}`);
  const message = type.create();
  const m = message as Record<string, unknown>;
  const ignoreUnknown = options.ignoreUnknownFields === true;
  // A field may be named by its JSON name or its proto name, but only once (`fooBar` beside `foo_bar` is an error).
  const seen = new Set<FieldInfo>();
  const nulls = new Set<FieldInfo>();
  for (const [key, value] of Object.entries(json)) {
    const f = fieldByJsonKey(type as MessageType, key);
    if (f === undefined) {
      if (extensionFromJson(type.typeName, message as UnknownFields, key, value, options)) continue;
      if (ignoreUnknown) continue;
      throw invalid(`unknown field ${JSON.stringify(key)} in ${type.typeName}`);
    }
    if (seen.has(f)) throw invalid(`field ${type.typeName}.${f.protoName} given twice (${JSON.stringify(key === f.jsonName ? f.protoName : f.jsonName)}, then ${JSON.stringify(key)})`);
    seen.add(f);
    if (value === null && !acceptsNull(f)) {
      nulls.add(f);
      continue;
    }
    try {
      if (f.kind === "map") {
        if (!isJsonObject(value)) throw invalid(`expected an object for map field ${f.protoName}`);
        const map: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) {
          const parsed = valueFromJson(f.value, v, options);
          if (parsed !== undefined) setMapEntry(map, normalizeMapKey(f.key, k), parsed);
        }
        m[f.name] = map;
      } else if (f.oneof !== undefined) {
        const current = m[f.oneof] as Oneof | undefined;
        if (current !== undefined && current.case !== undefined) {
          throw invalid(`more than one field of oneof ${f.oneof} set in ${type.typeName}`);
        }
        const parsed = valueFromJson(f, value, options);
        if (parsed !== undefined) m[f.oneof] = { case: f.name, value: parsed };
      } else if (f.repeated === true) {
        if (!Array.isArray(value)) throw invalid(`expected an array for repeated field ${f.protoName}`);
        const list: unknown[] = [];
        for (const v of value) {
          const parsed = valueFromJson(f, v, options);
          if (parsed !== undefined) list.push(parsed);
        }
        m[f.name] = list;
      } else {
        const parsed = valueFromJson(f, value, options);
        if (parsed !== undefined) m[f.name] = parsed;
      }
    } catch (error) {
      const e = ProtobufError.from(error);
      if (e.message.includes(" (field ")) throw e;
      throw new ProtobufError(e.code, `${e.message.replace(/^\[\w+\] /, "")} (field ${type.typeName}.${f.protoName})`, { cause: error });
    }
  }
  // proto2 `required`: JSON without one fails as binary without one does (a null does not count).
  const required = requiredFieldsOf(type as MessageType);
  if (required.length > 0) {
    const present = required.map((f) => seen.has(f) && !nulls.has(f));
    if (present.includes(false)) requiredMissing(type.typeName, required.map((f) => f.protoName), present);
  }
  return message;
}

/** `null` means "unset" except for `google.protobuf.Value` and `NullValue`, where it is a value. */
function acceptsNull(f: FieldInfo): boolean {
  if (f.kind === "message") return f.type().typeName === "google.protobuf.Value";
  if (f.kind === "enum") return f.type().typeName === "google.protobuf.NullValue";
  return false;
}

/** @internal One value (not a list or map) from JSON; shared with extension-json.ts. */
export function valueFromJson(info: ValueInfo, json: JsonValue, options: JsonReadOptions): unknown {
  switch (info.kind) {
    case "scalar":
    case "wrapper":
      if (json === null) throw invalid("null is not a valid element");
      return scalarFromJson(info.type, json);
    case "enum":
      return enumFromJson(info.type(), json, options.ignoreUnknownFields === true);
    case "message":
      return info.type().fromJson(json, options);
  }
}

function invalid(message: string): ProtobufError {
  return new ProtobufError("invalid_json", message);
}
