/**
 * Per-scalar facts the emitter needs: TypeScript type, zero literal, wire type and the
 * `BinaryWriter`/`BinaryReader` method (named after the scalar).
 */
import type { Scalar } from "./model.ts";

/** Facts about one scalar type. */
export interface ScalarInfo {
  /** TypeScript type of values. */
  readonly tsType: "number" | "bigint" | "boolean" | "string" | "Uint8Array";
  /** The zero value as TypeScript source. */
  readonly zero: string;
  /** Wire type of a single value. */
  readonly wireType: 0 | 1 | 2 | 5;
}

const INFO: Readonly<Record<Scalar, ScalarInfo>> = {
  double: { tsType: "number", zero: "0", wireType: 1 },
  float: { tsType: "number", zero: "0", wireType: 5 },
  int32: { tsType: "number", zero: "0", wireType: 0 },
  int64: { tsType: "bigint", zero: "0n", wireType: 0 },
  uint32: { tsType: "number", zero: "0", wireType: 0 },
  uint64: { tsType: "bigint", zero: "0n", wireType: 0 },
  sint32: { tsType: "number", zero: "0", wireType: 0 },
  sint64: { tsType: "bigint", zero: "0n", wireType: 0 },
  fixed32: { tsType: "number", zero: "0", wireType: 5 },
  fixed64: { tsType: "bigint", zero: "0n", wireType: 1 },
  sfixed32: { tsType: "number", zero: "0", wireType: 5 },
  sfixed64: { tsType: "bigint", zero: "0n", wireType: 1 },
  bool: { tsType: "boolean", zero: "false", wireType: 0 },
  string: { tsType: "string", zero: '""', wireType: 2 },
  bytes: { tsType: "Uint8Array", zero: "new Uint8Array(0)", wireType: 2 },
};

/** Facts about `scalar`. */
export function scalarInfo(scalar: Scalar): ScalarInfo {
  return INFO[scalar];
}

/**
 * The condition under which a proto3 implicit-presence scalar is written (it differs from its
 * zero value). Tolerates `undefined` so partially-built objects encode like defaults.
 */
export function nonZeroCondition(scalar: Scalar, expr: string): string {
  switch (scalar) {
    case "double":
    case "float":
      return `${expr} !== 0 && ${expr} !== undefined`;
    case "bytes":
      return `${expr} !== undefined && ${expr}.length !== 0`;
    case "int32":
    case "uint32":
    case "sint32":
    case "fixed32":
    case "sfixed32":
      // Not truthiness: NaN (from a JavaScript caller) must reach the writer, which refuses it.
      return `${expr} !== 0 && ${expr} !== undefined`;
    case "int64":
    case "uint64":
    case "sint64":
    case "fixed64":
    case "sfixed64":
      // Loose on purpose: 0n, 0 and "0" are all zero (64-bit fields also take numbers and
      // decimal strings), and NaN is not, so the writer sees it and refuses it.
      return `${expr} != 0n && ${expr} !== undefined`;
    default:
      // false, "" and undefined are falsy.
      return expr;
  }
}

/** A TypeScript literal of a proto2 `[default = …]` value for `scalar`. */
export function defaultLiteral(scalar: Scalar, value: string | number | boolean): string {
  const info = INFO[scalar];
  switch (info.tsType) {
    case "bigint":
      return `${BigInt(typeof value === "string" ? value : Math.trunc(Number(value)))}n`;
    case "number": {
      const text = String(value).toLowerCase();
      if (text === "inf" || text === "infinity") return "Infinity";
      if (text === "-inf" || text === "-infinity") return "-Infinity";
      if (text === "nan") return "NaN";
      return String(Number(value));
    }
    case "boolean":
      return String(value === true || value === "true");
    case "string":
      return JSON.stringify(String(value));
    case "Uint8Array":
      return `new Uint8Array([${[...String(value)].map((c) => c.charCodeAt(0) & 255).join(", ")}])`;
  }
}
