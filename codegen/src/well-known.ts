/**
 * The well-known types whose JSON form is special, and how generated code delegates it to the
 * message-runtime (`strand/protobuf`) helpers; plus the wrapper types, whose singular fields are unwrapped to
 * `T | undefined`.
 */
import type { Scalar } from "./model.ts";

/** Wrapper type name → wrapped scalar. */
export const WRAPPERS: ReadonlyMap<string, Scalar> = new Map<string, Scalar>([
  ["google.protobuf.DoubleValue", "double"],
  ["google.protobuf.FloatValue", "float"],
  ["google.protobuf.Int64Value", "int64"],
  ["google.protobuf.UInt64Value", "uint64"],
  ["google.protobuf.Int32Value", "int32"],
  ["google.protobuf.UInt32Value", "uint32"],
  ["google.protobuf.BoolValue", "bool"],
  ["google.protobuf.StringValue", "string"],
  ["google.protobuf.BytesValue", "bytes"],
]);

/** How a type's `toJson`/`fromJson` are written: runtime helper names, or `undefined` for the table-driven default. */
export interface SpecialJson {
  /** Expression body of `toJson(m, o)`. */
  readonly toJson: string;
  /** Expression body of `fromJson(j, o)`. */
  readonly fromJson: string;
  /** Runtime names the bodies use. */
  readonly imports: readonly string[];
}

const HELPERS: ReadonlyMap<string, SpecialJson> = new Map([
  ["google.protobuf.Timestamp", pair("timestampToJson(m)", "timestampFromJson(j)")],
  ["google.protobuf.Duration", pair("durationToJson(m)", "durationFromJson(j)")],
  ["google.protobuf.FieldMask", pair("fieldMaskToJson(m)", "fieldMaskFromJson(j)")],
  ["google.protobuf.Struct", pair("structToJson(m)", "structFromJson(j)")],
  ["google.protobuf.Value", pair("valueToJson(m)", "valueFromJson(j)")],
  ["google.protobuf.ListValue", pair("listValueToJson(m)", "listValueFromJson(j)")],
  ["google.protobuf.Any", pair("anyToJson(m, o)", "anyFromJson(j, o)")],
]);

function pair(toJson: string, fromJson: string): SpecialJson {
  const names = [toJson, fromJson].map((s) => s.slice(0, s.indexOf("(")));
  return { toJson, fromJson, imports: names };
}

/** The special JSON handling of `typeName`, if it has one. */
export function specialJson(typeName: string): SpecialJson | undefined {
  const helper = HELPERS.get(typeName);
  if (helper !== undefined) return helper;
  const wrapped = WRAPPERS.get(typeName);
  if (wrapped !== undefined) {
    return { toJson: `wrapperToJson("${wrapped}", m)`, fromJson: `wrapperFromJson("${wrapped}", j)`, imports: ["wrapperToJson", "wrapperFromJson"] };
  }
  return undefined;
}
