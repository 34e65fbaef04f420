/**
 * The value range of each integer scalar type: one table for encode's checks (value-check.ts),
 * the 64-bit writer (write-int64.ts) and JSON parsing (scalar-json.ts), so they cannot disagree.
 */
import type { ScalarType } from "./scalar-type.ts";

/** [-2^31, 2^31 - 1]. */
export const INT32: readonly [number, number] = [-2147483648, 2147483647];
/** [0, 2^32 - 1]. */
export const UINT32: readonly [number, number] = [0, 4294967295];
/** [-2^63, 2^63 - 1]. */
export const INT64: readonly [bigint, bigint] = [-(1n << 63n), (1n << 63n) - 1n];
/** [0, 2^64 - 1]. */
export const UINT64: readonly [bigint, bigint] = [0n, (1n << 64n) - 1n];

/** Inclusive bounds of the 32-bit integer types (JavaScript numbers). */
export const INT_RANGES: Partial<Record<ScalarType, readonly [number, number]>> = { int32: INT32, sint32: INT32, sfixed32: INT32, uint32: UINT32, fixed32: UINT32 };

/** Inclusive bounds of the 64-bit integer types (bigints). */
export const INT64_RANGES: Partial<Record<ScalarType, readonly [bigint, bigint]>> = { int64: INT64, sint64: INT64, sfixed64: INT64, uint64: UINT64, fixed64: UINT64 };
