/**
 * `google.protobuf.Duration` helpers: conversion to and from milliseconds, and its JSON form
 * (seconds with 0, 3, 6 or 9 fractional digits and an `s` suffix, e.g. `"1.5s"`, `"-0.000001s"`).
 * Work on the plain `{ seconds, nanos }` shape so they apply to the generated `Duration` type.
 */
import { describeJson, type JsonValue } from "./json-value.ts";
import { ProtobufError } from "./protobuf-error.ts";
import { nanosFraction } from "./timestamp.ts";

/** The shape of a generated `google.protobuf.Duration`. */
export interface DurationShape {
  /** Whole seconds, -315,576,000,000 to +315,576,000,000 (about ±10,000 years). */
  seconds: bigint;
  /** Nanoseconds with the same sign as `seconds` (or either sign when `seconds` is 0), |nanos| < 1e9. */
  nanos: number;
}

const MAX_SECONDS = 315_576_000_000n;

/** A Duration of `ms` milliseconds (fractions kept to the nanosecond). */
export function durationFromMs(ms: number): DurationShape {
  if (!Number.isFinite(ms)) throw new ProtobufError("invalid_value", `invalid duration ${ms} ms`);
  const seconds = Math.trunc(ms / 1000);
  let nanos = Math.round((ms - seconds * 1000) * 1e6);
  if (Object.is(nanos, -0)) nanos = 0;
  return { seconds: BigInt(seconds), nanos };
}

/** The duration in milliseconds (sub-millisecond nanos become a fraction). */
export function durationToMs(d: DurationShape): number {
  return Number(d.seconds) * 1000 + d.nanos / 1e6;
}

/** JSON of `d`; throws `invalid_value` when out of range or when the signs of the parts differ. */
export function durationToJson(d: DurationShape): string {
  const { seconds, nanos } = d;
  if (seconds > MAX_SECONDS || seconds < -MAX_SECONDS) {
    throw new ProtobufError("invalid_value", `Duration seconds ${seconds} outside ±${MAX_SECONDS}`);
  }
  if (!Number.isInteger(nanos) || nanos <= -1e9 || nanos >= 1e9 || (seconds > 0n && nanos < 0) || (seconds < 0n && nanos > 0)) {
    throw new ProtobufError("invalid_value", `Duration nanos ${nanos} invalid for seconds ${seconds}`);
  }
  const negative = seconds < 0n || nanos < 0;
  const abs = seconds < 0n ? -seconds : seconds;
  return `${negative ? "-" : ""}${abs}${nanosFraction(Math.abs(nanos))}s`;
}

const DURATION = /^(-)?(\d+)(?:\.(\d{1,9}))?s$/;

/** Parses Duration JSON (`"1.5s"`); throws `invalid_json` otherwise. */
export function durationFromJson(json: JsonValue): DurationShape {
  const match = typeof json === "string" ? DURATION.exec(json) : null;
  if (match === null) throw invalid(json);
  const [, sign, whole, frac] = match;
  const abs = BigInt(whole ?? "0");
  if (abs > MAX_SECONDS) throw invalid(json);
  const absNanos = frac === undefined ? 0 : Number(frac.padEnd(9, "0"));
  const negative = sign === "-";
  return { seconds: negative ? -abs : abs, nanos: negative && absNanos !== 0 ? -absNanos : absNanos };
}

function invalid(json: JsonValue): ProtobufError {
  return new ProtobufError("invalid_json", `invalid Duration ${describeJson(json)} (want e.g. "1.5s")`);
}
