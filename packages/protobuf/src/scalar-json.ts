/**
 * The proto3 JSON form of scalar values: 64-bit integers as decimal strings, non-finite floats as
 * `"NaN"`/`"Infinity"`/`"-Infinity"`, bytes as base64. Parsing also accepts what the spec allows
 * (numbers as strings, exponent notation for integral values, URL-safe base64) and range-checks.
 */
import { base64Decode, base64Encode } from "./base64.ts";
import { describeJson, type JsonValue } from "./json-value.ts";
import { ProtobufError } from "./protobuf-error.ts";
import { INT32, INT64, UINT32, UINT64 } from "./scalar-ranges.ts";
import type { ScalarType } from "./scalar-type.ts";

const FLOAT_MAX = 3.4028234663852886e38;

/** The JSON value of scalar `value` of type `type`. */
export function scalarToJson(type: ScalarType, value: unknown): JsonValue {
  switch (type) {
    case "double":
    case "float": {
      const n = value as number;
      if (Number.isFinite(n)) return n;
      return Number.isNaN(n) ? "NaN" : n > 0 ? "Infinity" : "-Infinity";
    }
    case "int64":
    case "uint64":
    case "sint64":
    case "fixed64":
    case "sfixed64":
      return (value as bigint).toString();
    case "bytes":
      return base64Encode(value as Uint8Array);
    case "int32":
    case "uint32":
    case "sint32":
    case "fixed32":
    case "sfixed32":
      return value as number;
    case "bool":
      return value as boolean;
    case "string":
      return value as string;
  }
}

/** Parses the JSON of a scalar; throws `invalid_json` on a wrong type or out-of-range value. */
export function scalarFromJson(type: ScalarType, json: JsonValue): unknown {
  switch (type) {
    case "double":
    case "float": {
      if (json === "NaN") return Number.NaN;
      if (json === "Infinity") return Number.POSITIVE_INFINITY;
      if (json === "-Infinity") return Number.NEGATIVE_INFINITY;
      const n = toNumber(type, json);
      // Out of range is an error, not infinity: `1.9e308` parses to Infinity, and only the strings
      // above spell infinities in proto3 JSON.
      if (!Number.isFinite(n) || (type === "float" && Math.abs(n) > FLOAT_MAX)) throw invalid(type, json);
      return n;
    }
    case "int32":
    case "sint32":
    case "sfixed32":
      return int(type, json, INT32[0], INT32[1]);
    case "uint32":
    case "fixed32":
      return int(type, json, UINT32[0], UINT32[1]);
    case "int64":
    case "sint64":
    case "sfixed64":
      return bigInt(type, json, INT64[0], INT64[1]);
    case "uint64":
    case "fixed64":
      return bigInt(type, json, UINT64[0], UINT64[1]);
    case "bool":
      if (typeof json === "boolean") return json;
      throw invalid(type, json);
    case "string":
      // A lone UTF-16 surrogate (`"\uD800"` is valid JSON) has no UTF-8 encoding: refuse it here
      // rather than write replacement characters later.
      if (typeof json === "string" && json.isWellFormed()) return json;
      throw invalid(type, json);
    case "bytes":
      if (typeof json === "string") return base64Decode(json);
      throw invalid(type, json);
  }
}

function toNumber(type: ScalarType, json: JsonValue): number {
  if (typeof json === "number") return json;
  if (typeof json === "string" && json.trim() !== "" && json.trim() === json) {
    const n = Number(json);
    if (!Number.isNaN(n)) return n;
  }
  throw invalid(type, json);
}

function int(type: ScalarType, json: JsonValue, min: number, max: number): number {
  const n = toNumber(type, json);
  if (!Number.isInteger(n) || n < min || n > max) throw invalid(type, json);
  return n;
}

function bigInt(type: ScalarType, json: JsonValue, min: bigint, max: bigint): bigint {
  let v: bigint;
  if (typeof json === "string" && /^-?\d+$/.test(json)) v = BigInt(json);
  else {
    const n = toNumber(type, json);
    if (!Number.isInteger(n)) throw invalid(type, json);
    v = BigInt(n);
  }
  if (v < min || v > max) throw invalid(type, json);
  return v;
}

function invalid(type: ScalarType, json: JsonValue): ProtobufError {
  return new ProtobufError("invalid_json", `invalid ${type} value ${describeJson(json)}`);
}
