/**
 * `google.protobuf.Struct`, `Value` and `ListValue`: their JSON form is the JSON itself (an object,
 * any value, an array). These helpers convert between that JSON and the message shapes, and double
 * as the easiest way to build a `Struct` from a plain object.
 */
import type { JsonObject, JsonValue } from "./json-value.ts";
import { setMapEntry } from "./map-entry.ts";
import { ProtobufError } from "./protobuf-error.ts";

/** The shape of a generated `google.protobuf.Value`. */
export interface ValueShape {
  /** Which JSON kind this value holds. */
  kind:
    | { case: "nullValue"; value: number }
    | { case: "numberValue"; value: number }
    | { case: "stringValue"; value: string }
    | { case: "boolValue"; value: boolean }
    | { case: "structValue"; value: StructShape }
    | { case: "listValue"; value: ListValueShape }
    | { case: undefined; value?: undefined };
}

/** The shape of a generated `google.protobuf.Struct`. */
export interface StructShape {
  /** The object's members. */
  fields: { [key: string]: ValueShape };
}

/** The shape of a generated `google.protobuf.ListValue`. */
export interface ListValueShape {
  /** The array's elements. */
  values: ValueShape[];
}

/** JSON of a Value. Throws `invalid_value` for a non-finite number or an unset kind. */
export function valueToJson(value: ValueShape): JsonValue {
  const kind = value.kind;
  switch (kind.case) {
    case "nullValue":
      return null;
    case "numberValue":
      if (!Number.isFinite(kind.value)) throw new ProtobufError("invalid_value", `Value.numberValue ${kind.value} is not valid JSON`);
      return kind.value;
    case "stringValue":
      return kind.value;
    case "boolValue":
      return kind.value;
    case "structValue":
      return structToJson(kind.value);
    case "listValue":
      return listValueToJson(kind.value);
    case undefined:
      throw new ProtobufError("invalid_value", "google.protobuf.Value has no kind set");
  }
}

/** A Value holding `json`. */
export function valueFromJson(json: JsonValue): ValueShape {
  if (json === null) return { kind: { case: "nullValue", value: 0 } };
  switch (typeof json) {
    case "number":
      return { kind: { case: "numberValue", value: json } };
    case "string":
      return { kind: { case: "stringValue", value: json } };
    case "boolean":
      return { kind: { case: "boolValue", value: json } };
    default:
      if (Array.isArray(json)) return { kind: { case: "listValue", value: listValueFromJson(json) } };
      return { kind: { case: "structValue", value: structFromJson(json) } };
  }
}

/** JSON object of a Struct. */
export function structToJson(struct: StructShape): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(struct.fields)) setMapEntry(out, key, valueToJson(value));
  return out;
}

/** A Struct from a JSON object; throws `invalid_json` for anything else. */
export function structFromJson(json: JsonValue): StructShape {
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new ProtobufError("invalid_json", "google.protobuf.Struct must be a JSON object");
  }
  const fields: { [key: string]: ValueShape } = {};
  for (const [key, value] of Object.entries(json)) setMapEntry(fields, key, valueFromJson(value));
  return { fields };
}

/** JSON array of a ListValue. */
export function listValueToJson(list: ListValueShape): JsonValue[] {
  return list.values.map(valueToJson);
}

/** A ListValue from a JSON array; throws `invalid_json` for anything else. */
export function listValueFromJson(json: JsonValue): ListValueShape {
  if (!Array.isArray(json)) throw new ProtobufError("invalid_json", "google.protobuf.ListValue must be a JSON array");
  return { values: json.map(valueFromJson) };
}
