/**
 * `google.protobuf.Timestamp` helpers: conversion to and from `Date` and epoch milliseconds, and its
 * JSON form (RFC 3339 in UTC with 0, 3, 6 or 9 fractional digits, e.g. `"1972-01-01T10:00:20.021Z"`).
 * Work on the plain `{ seconds, nanos }` shape so they apply to the generated `Timestamp` type.
 */
import { describeJson, type JsonValue } from "./json-value.ts";
import { ProtobufError } from "./protobuf-error.ts";

/** The shape of a generated `google.protobuf.Timestamp`. */
export interface TimestampShape {
  /** Seconds since the Unix epoch, UTC. */
  seconds: bigint;
  /** Non-negative nanoseconds within the second, 0 to 999,999,999. */
  nanos: number;
}

/** 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the range the JSON mapping allows. */
const MIN_SECONDS = -62135596800n;
const MAX_SECONDS = 253402300799n;

/** A Timestamp for epoch milliseconds `ms` (fractional milliseconds are kept to the nanosecond). */
export function timestampFromMs(ms: number): TimestampShape {
  if (!Number.isFinite(ms)) throw new ProtobufError("invalid_value", `invalid time ${ms}`);
  const seconds = Math.floor(ms / 1000);
  const nanos = Math.round((ms - seconds * 1000) * 1e6);
  return nanos >= 1e9 ? { seconds: BigInt(seconds + 1), nanos: nanos - 1e9 } : { seconds: BigInt(seconds), nanos };
}

/** Epoch milliseconds of `t` (sub-millisecond nanos become a fraction). */
export function timestampToMs(t: TimestampShape): number {
  return Number(t.seconds) * 1000 + t.nanos / 1e6;
}

/** A Timestamp for `date`. Throws `invalid_value` for an invalid `Date`. */
export function timestampFromDate(date: Date): TimestampShape {
  return timestampFromMs(date.getTime());
}

/** The `Date` of `t` (millisecond precision, as `Date` allows). */
export function timestampToDate(t: TimestampShape): Date {
  return new Date(Math.floor(timestampToMs(t)));
}

/** The current time as a Timestamp. */
export function timestampNow(): TimestampShape {
  return timestampFromMs(Date.now());
}

/** RFC 3339 JSON of `t`; throws `invalid_value` outside years 1–9999 or with invalid nanos. */
export function timestampToJson(t: TimestampShape): string {
  if (t.seconds < MIN_SECONDS || t.seconds > MAX_SECONDS) {
    throw new ProtobufError("invalid_value", `Timestamp seconds ${t.seconds} outside 0001-01-01..9999-12-31`);
  }
  if (!Number.isInteger(t.nanos) || t.nanos < 0 || t.nanos > 999_999_999) {
    throw new ProtobufError("invalid_value", `Timestamp nanos ${t.nanos} outside 0..999999999`);
  }
  const iso = new Date(Number(t.seconds) * 1000).toISOString();
  return `${iso.slice(0, 19)}${nanosFraction(t.nanos)}Z`;
}

/** The fractional-seconds suffix with 0, 3, 6 or 9 digits (shared with Duration). */
export function nanosFraction(nanos: number): string {
  if (nanos === 0) return "";
  const digits = String(nanos).padStart(9, "0");
  if (nanos % 1_000_000 === 0) return `.${digits.slice(0, 3)}`;
  if (nanos % 1000 === 0) return `.${digits.slice(0, 6)}`;
  return `.${digits}`;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;

/** Parses RFC 3339 (any offset; converted to UTC). Throws `invalid_json` otherwise. */
export function timestampFromJson(json: JsonValue): TimestampShape {
  const match = typeof json === "string" ? RFC3339.exec(json) : null;
  if (match === null) throw invalidTimestamp(json);
  const [, y, mo, d, h, mi, s, frac, , sign, oh, om] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  // setUTCFullYear has no two-digit-year quirk (unlike Date.UTC); rollovers are detected below.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  const valid =
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day &&
    hour < 24 && minute < 60 && second < 60 && Number(oh ?? 0) < 24 && Number(om ?? 0) < 60;
  if (!valid) throw invalidTimestamp(json);
  let seconds = BigInt(date.getTime() / 1000);
  if (sign !== undefined) {
    const offset = BigInt(Number(oh) * 3600 + Number(om) * 60);
    seconds = sign === "+" ? seconds - offset : seconds + offset;
  }
  if (seconds < MIN_SECONDS || seconds > MAX_SECONDS) throw invalidTimestamp(json);
  const nanos = frac === undefined ? 0 : Number(frac.padEnd(9, "0"));
  return { seconds, nanos };
}

function invalidTimestamp(json: JsonValue): ProtobufError {
  return new ProtobufError("invalid_json", `invalid Timestamp ${describeJson(json)} (want RFC 3339, e.g. "1972-01-01T10:00:20.021Z")`);
}
