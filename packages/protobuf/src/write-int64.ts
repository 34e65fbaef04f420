/**
 * The 64-bit half of {@link BinaryWriter}: `bigint` values (or, from JavaScript callers, safe-integer
 * numbers and decimal strings) range-checked and turned into the two 32-bit halves the writer's
 * `varint64` takes. Values within ±2^53 take a double-arithmetic path with no bigint operation.
 */
import type { BinaryWriter } from "./binary-writer.ts";
import { ProtobufError } from "./protobuf-error.ts";
import { INT64, UINT64 } from "./scalar-ranges.ts";
import { toBigInt } from "./value-check.ts";

const TWO_32 = 4294967296;
const MAX_SAFE = 0x1fffffffffffffn;
const MIN_SAFE = -0x1fffffffffffffn;
const MIN_ZIGZAG = -0xfffffffffffffn;
const MAX_ZIGZAG = 0xfffffffffffffn;
const [INT64_MIN, INT64_MAX] = INT64;
const UINT64_MAX = UINT64[1];

/** int64 varint. Throws `invalid_value` outside [-2^63, 2^63). */
export function writeInt64(w: BinaryWriter, value: bigint): BinaryWriter {
  if (typeof value !== "bigint") value = toBigInt(value);
  if (value >= MIN_SAFE && value <= MAX_SAFE) {
    // Exact in a double: `>>> 0` and floor division give the two's-complement halves.
    const n = Number(value);
    return w.varint64(n >>> 0, Math.floor(n / TWO_32));
  }
  if (value < INT64_MIN || value > INT64_MAX) throw range("int64", value);
  return w.varint64(lo32(value), hi32(value));
}

/** uint64 varint. Throws `invalid_value` outside [0, 2^64). */
export function writeUint64(w: BinaryWriter, value: bigint): BinaryWriter {
  if (typeof value !== "bigint") value = toBigInt(value);
  if (value >= 0n && value <= MAX_SAFE) {
    const n = Number(value);
    return w.varint64(n >>> 0, Math.floor(n / TWO_32));
  }
  if (value < 0n || value > UINT64_MAX) throw range("uint64", value);
  return w.varint64(lo32(value), hi32(value));
}

/** sint64: zigzag then varint. */
export function writeSint64(w: BinaryWriter, value: bigint): BinaryWriter {
  if (typeof value !== "bigint") value = toBigInt(value);
  if (value < INT64_MIN || value > INT64_MAX) throw range("sint64", value);
  if (value >= MIN_ZIGZAG && value <= MAX_ZIGZAG) {
    const z = value >= 0n ? Number(value) * 2 : -Number(value) * 2 - 1;
    return w.varint64(z >>> 0, Math.floor(z / TWO_32) >>> 0);
  }
  const z = BigInt.asUintN(64, (value << 1n) ^ (value >> 63n));
  return w.varint64(lo32(z), hi32(z));
}

/** The value of a fixed64 (unsigned) or sfixed64 field, range-checked, for the writer's 8 raw bytes. */
export function fixed64Value(value: bigint, type: "fixed64" | "sfixed64"): bigint {
  if (typeof value !== "bigint") value = toBigInt(value);
  const [min, max] = type === "fixed64" ? UINT64 : INT64;
  if (value < min || value > max) throw range(type, value);
  return value;
}

function lo32(value: bigint): number {
  return Number(BigInt.asUintN(32, value));
}

function hi32(value: bigint): number {
  return Number(BigInt.asUintN(32, value >> 32n));
}

function range(type: string, value: bigint): ProtobufError {
  return new ProtobufError("invalid_value", `${value} is out of range for ${type}`);
}
