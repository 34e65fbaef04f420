/**
 * Map fields are plain objects keyed by the key's canonical string form (`"7"`, `"true"`,
 * `"-9007199254740993"`). A key named `__proto__` must not reach the prototype setter, so every
 * write goes through {@link setMapEntry}.
 */
import { ProtobufError } from "./protobuf-error.ts";
import type { ScalarType } from "./scalar-type.ts";

/** Sets `map[key] = value` as an own, enumerable property even when `key` is `"__proto__"`. */
export function setMapEntry<V>(map: Record<string, V>, key: string, value: V): void {
  if (key === "__proto__") {
    Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    map[key] = value;
  }
}

/**
 * Checks and normalizes a map key string for `type` (used by `fromJson`), e.g. `"007"` → `"7"`.
 * Throws `invalid_json` when the string is not a valid key of that type.
 */
export function normalizeMapKey(type: ScalarType, key: string): string {
  switch (type) {
    case "string":
      return key;
    case "bool":
      if (key === "true" || key === "false") return key;
      break;
    case "int64":
    case "sint64":
    case "sfixed64":
    case "uint64":
    case "fixed64":
      if (/^-?\d+$/.test(key)) return BigInt(key).toString();
      break;
    case "int32":
    case "sint32":
    case "sfixed32":
    case "uint32":
    case "fixed32":
      if (/^-?\d+$/.test(key)) return String(Number(key));
      break;
    case "double":
    case "float":
    case "bytes":
      break;
  }
  throw new ProtobufError("invalid_json", `invalid ${type} map key ${JSON.stringify(key)}`);
}
