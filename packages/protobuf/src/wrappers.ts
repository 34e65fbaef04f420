/**
 * Wrapper types (`google.protobuf.StringValue`, `Int64Value`, …): their JSON form is the JSON of
 * the wrapped scalar. Generated wrapper messages call these; wrapper-typed fields in other messages
 * are unwrapped to `T | undefined` and need no helper.
 */
import type { JsonValue } from "./json-value.ts";
import { ProtobufError } from "./protobuf-error.ts";
import { scalarFromJson, scalarToJson } from "./scalar-json.ts";
import type { ScalarType, ScalarValue } from "./scalar-type.ts";

/** JSON of a wrapper message's `value`. */
export function wrapperToJson<K extends ScalarType>(type: K, message: { value: ScalarValue[K] }): JsonValue {
  return scalarToJson(type, message.value);
}

/** Parses wrapper JSON (the bare scalar) into `{ value }`. */
export function wrapperFromJson<K extends ScalarType>(type: K, json: JsonValue): { value: ScalarValue[K] } {
  if (json === null) throw new ProtobufError("invalid_json", `null is not a valid ${type} wrapper value`);
  return { value: scalarFromJson(type, json) as ScalarValue[K] };
}
