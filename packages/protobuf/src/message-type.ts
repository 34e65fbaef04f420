/**
 * What generated code exports for a message (the value named after it) and for an enum, plus the
 * field table the runtime's table-driven parts (JSON, Any) read. The binary codec is generated
 * inline for speed; everything else lives in the runtime so a fix never needs regeneration.
 */
import type { ByteSink } from "./append-encoded.ts";
import type { BinaryReader } from "./binary-reader.ts";
import type { BinaryWriter } from "./binary-writer.ts";
import type { Extension } from "./extension.ts";
import type { MessageInit } from "./init-message.ts";
import type { JsonValue } from "./json-value.ts";
import type { Registry } from "./registry.ts";
import type { ScalarType } from "./scalar-type.ts";

/** Options for `toJson`. Defaults follow the proto3 JSON spec. */
export interface JsonWriteOptions {
  /** Emit fields holding their default value (proto3 implicit presence). Default `false`. */
  readonly emitDefaultValues?: boolean;
  /** Write enums as numbers instead of names. Default `false`. */
  readonly enumAsInteger?: boolean;
  /** Use the `.proto` field names instead of lowerCamelCase JSON names. Default `false`. */
  readonly useProtoFieldName?: boolean;
  /** Types `google.protobuf.Any` may contain. Default: none (packing an `Any` then fails). */
  readonly registry?: Registry;
}

/** Options for `fromJson`. */
export interface JsonReadOptions {
  /** Ignore unknown keys and unknown enum names instead of failing. Default `false`. */
  readonly ignoreUnknownFields?: boolean;
  /** Types `google.protobuf.Any` may contain. Default: none. */
  readonly registry?: Registry;
}

/** A generated message's value: codec, JSON mapping and field table. */
export interface MessageType<T = unknown> {
  /** Fully-qualified protobuf name, e.g. `"shop.v1.Order"`. */
  readonly typeName: string;
  /** Field table in declaration order (for JSON and reflection). */
  readonly fields: readonly FieldInfo[];
  /** Generated encoders skip absent fields, so a partial message encodes (see `MessageCodec`). */
  readonly partialEncode: true;
  /** A message with every field at its default, overlaid with the defined entries of `init` (partial at every depth). */
  create(init?: MessageInit<T>): T;
  /** Binary encoding. */
  encode(message: T): Uint8Array;
  /** Appends the binary encoding to `sink` (see `appendEncoded`): no array of its own. */
  encodeAppend(message: T, sink: ByteSink): void;
  /** Binary decoding; throws `ProtobufError` on malformed input. */
  decode(bytes: Uint8Array): T;
  /** Decodes the message in `bytes[start, end)` (no view of it needed); throws `RangeError` for a range outside `bytes`. */
  decodeRange(bytes: Uint8Array, start: number, end: number): T;
  /** Writes the fields of `message` (no length prefix) into `writer`; used for nesting. */
  encodeTo(message: T, writer: BinaryWriter): void;
  /**
   * Reads fields until `end`; `depth` is the nesting level, bounded by `MAX_DEPTH`. With `into`,
   * the fields are merged into that message (and it is returned): how a message field that occurs
   * more than once on the wire is read.
   */
  decodeFrom(reader: BinaryReader, end: number, depth: number, into?: T): T;
  /** Proto3 canonical JSON as a plain value. */
  toJson(message: T, options?: JsonWriteOptions): JsonValue;
  /** The extensions declared in this type's file (for `createRegistry`); absent when there are none. */
  readonly fileExtensions?: () => readonly Extension[];
  /**
   * The proto2 `[default = …]` of each field that declares one (absent when none does). An unset
   * `optional` field reads `undefined`, so presence stays visible: `m.count ?? Type.defaults.count`
   * is the value protobuf's getters would give.
   */
  readonly defaults?: Readonly<Partial<T>>;
  /** Parses proto3 canonical JSON (a plain value, e.g. from `JSON.parse`). */
  fromJson(json: JsonValue, options?: JsonReadOptions): T;
  /**
   * Parses proto3 JSON text. Prefer it to `fromJson(JSON.parse(text))`: `JSON.parse` keeps the last
   * of duplicate keys silently, and the JSON mapping requires refusing them (`parseJsonText`).
   */
  fromJsonString(text: string, options?: JsonReadOptions): T;
}

/** A generated enum's metadata: its name and the value ↔ name maps used by JSON. */
export interface EnumType {
  /** Fully-qualified protobuf name. */
  readonly typeName: string;
  /** Number → first declared name. */
  readonly names: ReadonlyMap<number, string>;
  /** Name → number (aliases included). */
  readonly numbers: ReadonlyMap<string, number>;
}

const enumTypes = new WeakMap<object, EnumType>();

/**
 * The {@link EnumType} of a TypeScript numeric enum object (`enum Color { RED = 1 }`), built once
 * and cached. Member names ending in `$` (escaped by the generator, e.g. `NaN$`) map back to the
 * proto name without it.
 */
export function enumType(typeName: string, values: Readonly<Record<string, string | number>>): EnumType {
  const cached = enumTypes.get(values);
  if (cached !== undefined) return cached;
  const names = new Map<number, string>();
  const numbers = new Map<string, number>();
  for (const [key, number] of Object.entries(values)) {
    if (typeof number !== "number") continue;
    const name = key.endsWith("$") ? key.slice(0, -1) : key;
    numbers.set(name, number);
    if (!names.has(number)) names.set(number, name);
  }
  const type: EnumType = { typeName, names, numbers };
  enumTypes.set(values, type);
  return type;
}

/** Properties shared by every field descriptor. */
interface FieldCommon {
  /** Field number. */
  readonly no: number;
  /** The TypeScript property (lowerCamelCase, escaped when unsafe). */
  readonly name: string;
  /** The JSON key (lowerCamelCase or the `json_name` option). */
  readonly jsonName: string;
  /** The name in the `.proto` file. */
  readonly protoName: string;
  /** The TypeScript property of the enclosing oneof, when the field is a oneof member. */
  readonly oneof?: string;
  /** True for repeated fields (not maps). */
  readonly repeated?: boolean;
  /** True when the field tracks presence (`T | undefined`): proto3/proto2 `optional`. */
  readonly presence?: boolean;
  /** proto2 `required` (editions `LEGACY_REQUIRED`): decoding binary or JSON without it fails. */
  readonly required?: boolean;
}

/** A field of scalar type. */
export interface ScalarFieldInfo extends FieldCommon {
  readonly kind: "scalar";
  readonly type: ScalarType;
}

/** A field of enum type. */
export interface EnumFieldInfo extends FieldCommon {
  readonly kind: "enum";
  readonly type: () => EnumType;
}

/** A field of message type (always presence-tracked when singular). */
export interface MessageFieldInfo extends FieldCommon {
  readonly kind: "message";
  readonly type: () => MessageType;
}

/** A singular wrapper-type field (`google.protobuf.StringValue` …) surfaced as `T | undefined`. */
export interface WrapperFieldInfo extends FieldCommon {
  readonly kind: "wrapper";
  /** The wrapped scalar (`StringValue` → `"string"`). */
  readonly type: ScalarType;
}

/** The value side of a map field. */
export type MapValueInfo =
  | { readonly kind: "scalar"; readonly type: ScalarType }
  | { readonly kind: "enum"; readonly type: () => EnumType }
  | { readonly kind: "message"; readonly type: () => MessageType };

/** A map field: a plain object keyed by the key's canonical string form. */
export interface MapFieldInfo extends FieldCommon {
  readonly kind: "map";
  readonly key: ScalarType;
  readonly value: MapValueInfo;
}

/** Any field descriptor. */
export type FieldInfo = ScalarFieldInfo | EnumFieldInfo | MessageFieldInfo | WrapperFieldInfo | MapFieldInfo;
