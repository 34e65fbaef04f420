/**
 * The protobuf scalar types, named as in `.proto` files. Field descriptors in generated code use
 * these names so the JSON mapping (and anything else table-driven) can live in the runtime.
 */
export type ScalarType =
  | "double"
  | "float"
  | "int32"
  | "int64"
  | "uint32"
  | "uint64"
  | "sint32"
  | "sint64"
  | "fixed32"
  | "fixed64"
  | "sfixed32"
  | "sfixed64"
  | "bool"
  | "string"
  | "bytes";

/** The TypeScript value of each scalar type: 64-bit integers are `bigint`, `bytes` are `Uint8Array`. */
export interface ScalarValue {
  double: number;
  float: number;
  int32: number;
  int64: bigint;
  uint32: number;
  uint64: bigint;
  sint32: number;
  sint64: bigint;
  fixed32: number;
  fixed64: bigint;
  sfixed32: number;
  sfixed64: bigint;
  bool: boolean;
  string: string;
  bytes: Uint8Array;
}

/** True for the 64-bit integer types (represented as `bigint`). */
export function isInt64Type(type: ScalarType): boolean {
  return type === "int64" || type === "uint64" || type === "sint64" || type === "fixed64" || type === "sfixed64";
}

/** The zero value of a scalar type (what proto3 omits on the wire). */
export function scalarZero(type: ScalarType): ScalarValue[ScalarType] {
  switch (type) {
    case "double":
    case "float":
    case "int32":
    case "uint32":
    case "sint32":
    case "fixed32":
    case "sfixed32":
      return 0;
    case "int64":
    case "uint64":
    case "sint64":
    case "fixed64":
    case "sfixed64":
      return 0n;
    case "bool":
      return false;
    case "string":
      return "";
    case "bytes":
      return new Uint8Array(0);
  }
}

/** True when `value` is the zero value of `type` (-0 is not zero, as in protoc). */
export function isScalarZero(type: ScalarType, value: unknown): boolean {
  switch (type) {
    case "bytes":
      return value instanceof Uint8Array && value.length === 0;
    case "double":
    case "float":
      return value === 0 && !Object.is(value, -0);
    default:
      return value === scalarZero(type);
  }
}
