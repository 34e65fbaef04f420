/**
 * `google.protobuf.FieldMask` JSON: one string of comma-separated paths, each converted between
 * `snake_case` (the message form) and `lowerCamelCase` (the JSON form), e.g. `"user.displayName,photo"`.
 */
import { describeJson, type JsonValue } from "./json-value.ts";
import { ProtobufError } from "./protobuf-error.ts";

/** The shape of a generated `google.protobuf.FieldMask`. */
export interface FieldMaskShape {
  /** Field paths in `snake_case`, dot-separated for nested fields. */
  paths: string[];
}

/** JSON of a FieldMask; throws `invalid_value` for a path that cannot round-trip through camelCase. */
export function fieldMaskToJson(mask: FieldMaskShape): string {
  return mask.paths
    .map((path) => {
      if (/[A-Z]|_(?![a-z])/.test(path)) {
        throw new ProtobufError("invalid_value", `FieldMask path ${JSON.stringify(path)} cannot be written as JSON`);
      }
      return path.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    })
    .join(",");
}

/** Parses FieldMask JSON; throws `invalid_json` for a non-string or a path containing `_`. */
export function fieldMaskFromJson(json: JsonValue): FieldMaskShape {
  if (typeof json !== "string") throw new ProtobufError("invalid_json", `invalid FieldMask ${describeJson(json)}`);
  if (json === "") return { paths: [] };
  const paths = json.split(",").map((path) => {
    if (path.includes("_")) throw new ProtobufError("invalid_json", `invalid FieldMask path ${JSON.stringify(path)}`);
    return path.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  });
  return { paths };
}
