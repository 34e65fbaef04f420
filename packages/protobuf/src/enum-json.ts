/**
 * The JSON form of enum values: the value's name, or its number when the value is unknown (so
 * values from newer schemas survive a round trip). `google.protobuf.NullValue` is JSON `null`.
 */
import { describeJson, type JsonValue } from "./json-value.ts";
import type { EnumType } from "./message-type.ts";
import { ProtobufError } from "./protobuf-error.ts";

const NULL_VALUE = "google.protobuf.NullValue";

/** The JSON of enum value `value`: its name, or the number if unknown (or if `asInteger`). */
export function enumToJson(type: EnumType, value: number, asInteger = false): JsonValue {
  if (type.typeName === NULL_VALUE) return null;
  if (asInteger) return value;
  return type.names.get(value) ?? value;
}

/**
 * Parses an enum from its name or number. An unknown name throws `invalid_json`, or returns
 * `undefined` when `ignoreUnknown` is set (the caller then leaves the field unset).
 */
export function enumFromJson(type: EnumType, json: JsonValue, ignoreUnknown = false): number | undefined {
  if (type.typeName === NULL_VALUE && json === null) return 0;
  if (typeof json === "number" && Number.isInteger(json) && json >= -2147483648 && json <= 2147483647) return json;
  if (typeof json === "string") {
    const n = type.numbers.get(json);
    if (n !== undefined) return n;
    if (ignoreUnknown) return undefined;
  }
  throw new ProtobufError("invalid_json", `invalid value ${describeJson(json)} for enum ${type.typeName}`);
}
