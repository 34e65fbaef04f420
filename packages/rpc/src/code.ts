/**
 * Status codes: gRPC's numeric values (so they map 1:1 onto any gRPC system) with Connect-ES's
 * spelling (so code reads like the rest of the TypeScript ecosystem). `0` (OK) has no member on
 * purpose: success is not an error, and the trailer codec carries it as the number 0.
 */
export enum Code {
  Canceled = 1,
  Unknown = 2,
  InvalidArgument = 3,
  DeadlineExceeded = 4,
  NotFound = 5,
  AlreadyExists = 6,
  PermissionDenied = 7,
  ResourceExhausted = 8,
  FailedPrecondition = 9,
  Aborted = 10,
  OutOfRange = 11,
  Unimplemented = 12,
  Internal = 13,
  Unavailable = 14,
  DataLoss = 15,
  Unauthenticated = 16,
}

/** The highest status code a peer may send; anything above is mapped to `Unknown` on receipt. */
export const maxCode = Code.Unauthenticated;

/** True for the 16 non-OK codes; used when decoding a code that came off the wire. */
export function isCode(value: number): value is Code {
  return Number.isInteger(value) && value >= Code.Canceled && value <= maxCode;
}

/**
 * The member name of a code, e.g. `"DeadlineExceeded"`: error messages and logs print this
 * instead of a bare number so that operators don't need a table.
 */
export function codeName(code: Code): string {
  return Code[code] ?? `Code(${String(code)})`;
}

/** Inverse of {@link codeName}; `undefined` for names that are not codes (config files, CLIs). */
export function codeFromName(name: string): Code | undefined {
  const value: unknown = (Code as unknown as Record<string, unknown>)[name];
  return typeof value === "number" && isCode(value) ? value : undefined;
}
