/**
 * `google.protobuf.Any`: pack/unpack helpers and its JSON form — the packed message's JSON plus an
 * `"@type"` key, or `{"@type": …, "value": …}` for well-known types whose JSON is not an object.
 * Resolving a type URL needs a {@link Registry} (passed in the JSON options).
 */
import { isJsonObject, type JsonObject, type JsonValue } from "./json-value.ts";
import type { JsonReadOptions, JsonWriteOptions, MessageType } from "./message-type.ts";
import { ProtobufError } from "./protobuf-error.ts";
import type { Registry } from "./registry.ts";

/** The shape of a generated `google.protobuf.Any`. */
export interface AnyShape {
  /** `type.googleapis.com/<full.type.Name>`. */
  typeUrl: string;
  /** The packed message's binary encoding. */
  value: Uint8Array;
}

/** Well-known types whose JSON is not a plain object of fields: Any holds them under `"value"`. */
const SPECIAL_JSON = new Set([
  "google.protobuf.Any",
  "google.protobuf.Timestamp",
  "google.protobuf.Duration",
  "google.protobuf.FieldMask",
  "google.protobuf.Struct",
  "google.protobuf.Value",
  "google.protobuf.ListValue",
  "google.protobuf.DoubleValue",
  "google.protobuf.FloatValue",
  "google.protobuf.Int64Value",
  "google.protobuf.UInt64Value",
  "google.protobuf.Int32Value",
  "google.protobuf.UInt32Value",
  "google.protobuf.BoolValue",
  "google.protobuf.StringValue",
  "google.protobuf.BytesValue",
]);

/** Packs `message` of `type` into an Any. */
export function anyPack<T>(type: MessageType<T>, message: T, urlPrefix = "type.googleapis.com/"): AnyShape {
  return { typeUrl: `${urlPrefix}${type.typeName}`, value: type.encode(message) };
}

/** The full type name in an Any's URL (the part after the last `/`). */
export function anyTypeName(any: AnyShape): string {
  return any.typeUrl.slice(any.typeUrl.lastIndexOf("/") + 1);
}

/** True when `any` holds a message of `type`. */
export function anyIs(any: AnyShape, type: MessageType | string): boolean {
  return anyTypeName(any) === (typeof type === "string" ? type : type.typeName);
}

/** Decodes the message in `any` if it is of `type`, else returns `undefined`. */
export function anyUnpack<T>(any: AnyShape, type: MessageType<T>): T | undefined {
  return anyIs(any, type as MessageType) ? type.decode(any.value) : undefined;
}

function resolve(name: string, registry: Registry | undefined): MessageType {
  const type = registry?.find(name);
  if (type === undefined) {
    throw new ProtobufError("invalid_value", `type ${JSON.stringify(name)} in google.protobuf.Any is not in the registry`);
  }
  return type;
}

/** JSON of an Any (needs `options.registry` to know the packed type). */
export function anyToJson(any: AnyShape, options: JsonWriteOptions = {}): JsonObject {
  if (any.typeUrl === "" && any.value.length === 0) return {};
  const type = resolve(anyTypeName(any), options.registry);
  const json = type.toJson(type.decode(any.value), options);
  if (SPECIAL_JSON.has(type.typeName) || !isJsonObject(json)) return { "@type": any.typeUrl, value: json };
  return { "@type": any.typeUrl, ...json };
}

/** Parses Any JSON (needs `options.registry`); throws `invalid_json` without a valid `"@type"`. */
export function anyFromJson(json: JsonValue, options: JsonReadOptions = {}): AnyShape {
  if (!isJsonObject(json)) throw new ProtobufError("invalid_json", "google.protobuf.Any must be a JSON object");
  const typeUrl = json["@type"];
  if (typeUrl === undefined && Object.keys(json).length === 0) return { typeUrl: "", value: new Uint8Array(0) };
  if (typeof typeUrl !== "string" || typeUrl === "") {
    throw new ProtobufError("invalid_json", 'google.protobuf.Any JSON needs a "@type" string');
  }
  const type = resolve(typeUrl.slice(typeUrl.lastIndexOf("/") + 1), options.registry);
  let body: JsonValue;
  if (SPECIAL_JSON.has(type.typeName)) {
    body = json["value"] ?? null;
  } else {
    const { ["@type"]: _, ...rest } = json;
    body = rest;
  }
  return { typeUrl, value: type.encode(type.fromJson(body, options)) };
}
