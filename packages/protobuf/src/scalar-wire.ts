/**
 * One scalar value on the wire, by type name: what table-driven code (extensions) needs, where
 * generated code calls the reader's and writer's methods directly.
 */
import type { BinaryReader } from "./binary-reader.ts";
import type { BinaryWriter } from "./binary-writer.ts";
import type { ScalarType } from "./scalar-type.ts";
import { WireType } from "./wire-type.ts";

/** The wire type of one value of `type` (unpacked). */
export function scalarWireType(type: ScalarType): number {
  switch (type) {
    case "double":
    case "fixed64":
    case "sfixed64":
      return WireType.Bit64;
    case "float":
    case "fixed32":
    case "sfixed32":
      return WireType.Bit32;
    case "string":
    case "bytes":
      return WireType.LengthDelimited;
    default:
      return WireType.Varint;
  }
}

/** Reads one value of `type`. */
export function readScalar(r: BinaryReader, type: ScalarType): unknown {
  return r[type]();
}

/** Writes one value of `type` (no tag). */
export function writeScalar(w: BinaryWriter, type: ScalarType, value: unknown): void {
  // Each method takes its own value type; `value` was checked against the field by the caller.
  (w[type] as (v: unknown) => BinaryWriter).call(w, value);
}
