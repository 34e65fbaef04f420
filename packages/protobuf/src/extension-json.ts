/**
 * Extensions in proto3 JSON: a key `"[full.name]"` beside the message's own fields, for the
 * extensions the options' registry knows (see registry.ts). Without a registry an extension's
 * value stays where it is (in `$unknown`) and JSON leaves it out, as it does unknown fields.
 */
import { getExtension, setExtension } from "./extension.ts";
import type { JsonObject, JsonValue } from "./json-value.ts";
import { valueFromJson, valueToJson } from "./message-json.ts";
import type { JsonReadOptions, JsonWriteOptions } from "./message-type.ts";
import { ProtobufError } from "./protobuf-error.ts";
import type { UnknownFields } from "./unknown-fields.ts";

/** Adds the JSON of every extension of `message` (a `typeName`) that the registry knows to `out`. */
export function extensionsToJson(typeName: string, message: UnknownFields, out: JsonObject, options: JsonWriteOptions): void {
  if (message.$unknown === undefined || options.registry === undefined) return;
  for (const ext of options.registry.extensionsOf(typeName)) {
    const value = getExtension(message, ext);
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      if (value.length > 0) out[`[${ext.typeName}]`] = value.map((v) => valueToJson(ext.field, v, options));
    } else {
      out[`[${ext.typeName}]`] = valueToJson(ext.field, value, options);
    }
  }
}

/**
 * Reads `key` as an extension of a `typeName` message: true when it named one the registry knows
 * (and its value was set on `message`), false when it is no extension key or an unknown one.
 */
export function extensionFromJson(typeName: string, message: UnknownFields, key: string, json: JsonValue, options: JsonReadOptions): boolean {
  if (!key.startsWith("[") || !key.endsWith("]")) return false;
  const ext = options.registry?.findExtension(key.slice(1, -1));
  if (ext === undefined || ext.extendee !== typeName) return false;
  if (json === null) return true;
  try {
    if (ext.field.repeated === true) {
      if (!Array.isArray(json)) throw new ProtobufError("invalid_json", "expected an array");
      setExtension(message, ext, json.map((v) => valueFromJson(ext.field, v, options)));
    } else {
      setExtension(message, ext, valueFromJson(ext.field, json, options));
    }
  } catch (error) {
    const e = ProtobufError.from(error);
    throw new ProtobufError(e.code, `${e.message.replace(/^\[\w+\] /, "")} (extension ${ext.typeName})`, { cause: error });
  }
  return true;
}
