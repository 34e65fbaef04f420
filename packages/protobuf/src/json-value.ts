/**
 * The JSON value types `toJson` returns and `fromJson` accepts: plain data, not strings, so callers
 * choose their own serializer (`JSON.stringify`) and can embed messages in larger documents.
 */

/** Any JSON value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;

/** A JSON object. */
export interface JsonObject {
  [key: string]: JsonValue;
}

/** True when `value` is a JSON object (not null, not an array). */
export function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A short, bounded rendering of a JSON value for error messages. */
export function describeJson(value: JsonValue | undefined): string {
  if (value === undefined) return "undefined";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
