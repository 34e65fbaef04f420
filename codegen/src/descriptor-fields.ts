/**
 * A model field as a `FieldDescriptorProto`, the way protoc describes it: label, type and fully
 * qualified type name, `json_name`, `oneof_index`, `proto3_optional`, proto2 defaults and
 * `[packed]`, and under editions the features that make the field what the model says (implicit
 * presence, `LEGACY_REQUIRED`, expanded encoding, no UTF-8 check, `DELIMITED`). Map fields point
 * at a synthesized `…Entry` message (see {@link mapEntryProto}), as protoc's parser makes them.
 */
import { defaultValueText } from "./descriptor-default.ts";
import type { FeatureSet, FieldProto, MessageProto } from "./descriptor-schema.ts";
import type { FieldModel, FileModel, Scalar, ValueType } from "./model.ts";

/** `FieldDescriptorProto.Type` of each scalar. */
const SCALAR_TYPES: Readonly<Record<Scalar, number>> = {
  double: 1, float: 2, int64: 3, uint64: 4, int32: 5, fixed64: 6, fixed32: 7, bool: 8,
  string: 9, bytes: 12, uint32: 13, sfixed32: 15, sfixed64: 16, sint32: 17, sint64: 18,
};
const TYPE_GROUP = 10;
const TYPE_MESSAGE = 11;
const TYPE_ENUM = 14;
const LABEL_OPTIONAL = 1;
const LABEL_REQUIRED = 2;
const LABEL_REPEATED = 3;
/** `FeatureSet` values that differ from edition 2023's defaults. */
const IMPLICIT = 2;
const LEGACY_REQUIRED = 3;
const EXPANDED = 2;
const UTF8_NONE = 3;
const DELIMITED = 2;

type Syntax = FileModel["syntax"];

/** Where a field sits: its file's syntax, its oneof index, and for extensions the extended message. */
export interface FieldPlace {
  readonly syntax: Syntax;
  readonly oneofIndex?: number | undefined;
  /** Fully-qualified name of the extended message (extensions only). */
  readonly extendee?: string | undefined;
  /** Fully-qualified name of the message declaring the field (map entries are nested in it). */
  readonly scope: string;
  /** A proto3 `optional` field (see {@link isProto3Optional}). */
  readonly proto3Optional?: boolean | undefined;
}

/**
 * A proto3 `optional` field: as the model says, or — a hand-built model may not say — a singular
 * scalar or enum with presence outside a oneof, which proto3 gives no other way.
 */
export function isProto3Optional(field: FieldModel, syntax: Syntax): boolean {
  if (field.proto3Optional === true) return true;
  return syntax === "proto3" && field.cardinality === "single" && field.type.kind !== "message" && field.presence && field.oneof === undefined;
}

/** protoc's `MapEntryName`: `level_by_name` → `LevelByNameEntry`. */
export function mapEntryName(fieldName: string): string {
  return `${fieldName.split("_").map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join("")}Entry`;
}

/** The descriptor of `field`. */
export function fieldProto(field: FieldModel, place: FieldPlace): FieldProto {
  const isMap = field.cardinality === "map";
  const valueTyped = isMap ? undefined : typeOf(field.type, field.delimited === true && place.syntax !== "editions");
  const features = place.syntax === "editions" ? editionFeatures(field, place.extendee !== undefined) : undefined;
  const options = {
    ...(field.packed && place.syntax === "proto2" ? { packed: true } : {}),
    ...(packable(field) && !field.packed && place.syntax === "proto3" ? { packed: false } : {}),
    ...(field.deprecated === true ? { deprecated: true } : {}),
    ...(features === undefined ? {} : { features }),
  };
  const label = field.cardinality !== "single" ? LABEL_REPEATED : field.required && place.syntax !== "editions" ? LABEL_REQUIRED : LABEL_OPTIONAL;
  const defaultValue = defaultValueText(field);
  return {
    name: field.protoName,
    ...(place.extendee === undefined ? {} : { extendee: `.${place.extendee}` }),
    number: field.number,
    label,
    type: valueTyped?.type ?? TYPE_MESSAGE,
    ...(isMap ? { typeName: `.${place.scope}.${mapEntryName(field.protoName)}` } : valueTyped?.typeName === undefined ? {} : { typeName: valueTyped.typeName }),
    ...(defaultValue === undefined ? {} : { defaultValue }),
    ...(Object.keys(options).length === 0 ? {} : { options }),
    ...(place.oneofIndex === undefined ? {} : { oneofIndex: place.oneofIndex }),
    jsonName: field.jsonName,
    ...(place.proto3Optional === true ? { proto3Optional: true } : {}),
  };
}

/** The `…Entry` message of map field `field` (`key = 1`, `value = 2`, `map_entry = true`). */
export function mapEntryProto(field: FieldModel, syntax: Syntax): MessageProto {
  const noUtf8Check = syntax === "editions" && field.verifyUtf8 !== true;
  const part = (name: string, number: number, type: ValueType): FieldProto => {
    const typed = typeOf(type, false);
    const utf8 = noUtf8Check && typed.type === SCALAR_TYPES.string ? { options: { features: { utf8Validation: UTF8_NONE } } } : {};
    return { name, number, label: LABEL_OPTIONAL, type: typed.type, ...(typed.typeName === undefined ? {} : { typeName: typed.typeName }), ...utf8, jsonName: name };
  };
  const key: ValueType = { kind: "scalar", scalar: field.mapKey ?? "string" };
  return { name: mapEntryName(field.protoName), field: [part("key", 1, key), part("value", 2, field.type)], options: { mapEntry: true } };
}

function typeOf(type: ValueType, group: boolean): { readonly type: number; readonly typeName?: string } {
  switch (type.kind) {
    case "scalar":
      return { type: SCALAR_TYPES[type.scalar] };
    case "enum":
      return { type: TYPE_ENUM, typeName: `.${type.typeName}` };
    case "message":
      return { type: group ? TYPE_GROUP : TYPE_MESSAGE, typeName: `.${type.typeName}` };
  }
}

/** Repeated scalars and enums, which may be written packed. */
function packable(field: FieldModel): boolean {
  if (field.cardinality !== "repeated") return false;
  return field.type.kind === "enum" || (field.type.kind === "scalar" && field.type.scalar !== "string" && field.type.scalar !== "bytes");
}

/** The features under which an editions field behaves as the model says, where edition 2023's defaults differ. */
function editionFeatures(field: FieldModel, extension: boolean): FeatureSet | undefined {
  const singularValue = field.cardinality === "single" && field.type.kind !== "message" && field.oneof === undefined && !extension;
  const hasString = (field.type.kind === "scalar" && field.type.scalar === "string") || (field.cardinality === "map" && field.mapKey === "string");
  const features: FeatureSet = {
    ...(field.required ? { fieldPresence: LEGACY_REQUIRED } : singularValue && !field.presence ? { fieldPresence: IMPLICIT } : {}),
    ...(packable(field) && !field.packed ? { repeatedFieldEncoding: EXPANDED } : {}),
    ...(hasString && field.verifyUtf8 !== true ? { utf8Validation: UTF8_NONE } : {}),
    ...(field.delimited === true ? { messageEncoding: DELIMITED } : {}),
  };
  return Object.keys(features).length === 0 ? undefined : features;
}
