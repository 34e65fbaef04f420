/**
 * Encode refuses what it cannot represent. The writer checks each value with a `typeof` or
 * integer test as it writes it (the fast path: nothing more than that on valid messages), and
 * generated code checks the shapes the writer cannot see (a message, a list, a map, a oneof
 * case). Those throw a bare error; the message's `encode` / `encodeAppend` then walks the message
 * once more, table-driven ({@link findInvalid}), to name the field path and say what was wrong:
 * `acme.ledger.v1.Entry.amount.nanos: expected an integer in int32 range, got 1.5`.
 */
import type { FieldInfo, MapValueInfo, MessageType } from "./message-type.ts";
import { ProtobufError } from "./protobuf-error.ts";
import { INT64_RANGES, INT_RANGES } from "./scalar-ranges.ts";
import type { ScalarType } from "./scalar-type.ts";
import { MAX_DEPTH } from "./wire-type.ts";

/** What generated code and the writer throw on a bad value; {@link encodeFailed} names the field. */
export function invalidValue(detail = "a value does not match its field's type"): never {
  throw new ProtobufError("invalid_value", detail);
}

/**
 * The error for an encode of `message` (of `type`) that threw `error`: the first invalid field's
 * path and problem when a walk finds one, else `error` itself.
 */
export function encodeFailed(type: MessageType, message: unknown, error: unknown): unknown {
  const found = findInvalid(type, message, type.typeName, 0);
  if (found === undefined) return error;
  return new ProtobufError("invalid_value", `${found.path}: ${found.problem}`, { cause: error });
}

/**
 * A 64-bit field's value given as something other than a `bigint`: protobuf users expect
 * safe-integer numbers and decimal strings to work too. Anything else is invalid.
 */
export function toBigInt(value: unknown): bigint {
  if (typeof value === "number" && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === "string" && /^-?\d+$/.test(value)) return BigInt(value);
  return invalidValue();
}

interface Invalid {
  readonly path: string;
  readonly problem: string;
}

/** The first value of `message` that `type`'s encoder cannot write, depth first. */
export function findInvalid(type: MessageType, message: unknown, path: string, depth: number): Invalid | undefined {
  if (typeof message !== "object" || message === null || Array.isArray(message)) return { path, problem: `expected a ${type.typeName} message, got ${describe(message)}` };
  if (depth > MAX_DEPTH) return undefined; // encode failed on depth already; nothing more to name
  const m = message as Record<string, unknown>;
  for (const f of type.fields) {
    const at = `${path}.${f.protoName}`;
    if (f.oneof !== undefined) {
      const o = m[f.oneof] as { case?: unknown; value?: unknown } | undefined;
      if (o === undefined || o === null) continue;
      if (typeof o !== "object") return { path: `${path}.${f.oneof}`, problem: `expected a oneof { case, value }, got ${describe(o)}` };
      if (o.case === undefined) continue;
      if (!type.fields.some((g) => g.oneof === f.oneof && g.name === o.case)) return { path: `${path}.${f.oneof}`, problem: `unknown case ${describe(o.case)}` };
      if (o.case === f.name) {
        const found = valueInvalid(f, o.value, at, depth);
        if (found !== undefined) return found;
      }
      continue;
    }
    const value = m[f.name];
    if (value === undefined) continue;
    if (f.kind === "map") {
      if (typeof value !== "object" || value === null || Array.isArray(value)) return { path: at, problem: `expected a map (a plain object), got ${describe(value)}` };
      for (const [k, v] of Object.entries(value)) {
        const found = valueInvalid(f.value, v, `${at}[${JSON.stringify(k)}]`, depth);
        if (found !== undefined) return found;
      }
    } else if (f.repeated === true) {
      if (!Array.isArray(value)) return { path: at, problem: `expected an array, got ${describe(value)}` };
      for (let i = 0; i < value.length; i++) {
        const found = valueInvalid(f, value[i], `${at}[${i}]`, depth);
        if (found !== undefined) return found;
      }
    } else {
      const found = valueInvalid(f, value, at, depth);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

function valueInvalid(info: FieldInfo | MapValueInfo, value: unknown, path: string, depth: number): Invalid | undefined {
  switch (info.kind) {
    case "message":
      return findInvalid(info.type(), value, path, depth + 1);
    case "enum": {
      if (typeof value === "string") return { path, problem: `unknown value ${describe(value)} for enum ${info.type().typeName} (enums are numbers)` };
      const problem = scalarProblem("int32", value);
      return problem === undefined ? undefined : { path, problem };
    }
    case "scalar":
    case "wrapper": {
      const problem = scalarProblem(info.type, value);
      return problem === undefined ? undefined : { path, problem };
    }
    default:
      return undefined;
  }
}

/** Why `value` cannot be written as `type`, or undefined when it can. */
export function scalarProblem(type: ScalarType, value: unknown): string | undefined {
  const ints = INT_RANGES[type];
  if (ints !== undefined) {
    if (typeof value === "number" && Number.isInteger(value) && value >= ints[0] && value <= ints[1]) return undefined;
    return `expected an integer in ${type} range, got ${describe(value)}`;
  }
  const longs = INT64_RANGES[type];
  if (longs !== undefined) {
    const v = typeof value === "bigint" ? value : typeof value === "number" && Number.isSafeInteger(value) ? BigInt(value) : typeof value === "string" && /^-?\d+$/.test(value) ? BigInt(value) : undefined;
    if (v !== undefined && v >= longs[0] && v <= longs[1]) return undefined;
    return `expected a bigint, a safe integer or a decimal string in ${type} range, got ${describe(value)}`;
  }
  switch (type) {
    case "double":
    case "float":
      return typeof value === "number" ? undefined : `expected a number, got ${describe(value)}`;
    case "bool":
      return typeof value === "boolean" ? undefined : `expected a boolean, got ${describe(value)}`;
    case "string":
      return typeof value === "string" ? undefined : `expected a string, got ${describe(value)}`;
    default:
      return value instanceof Uint8Array ? undefined : `expected a Uint8Array, got ${describe(value)}`;
  }
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === "bigint") return `${value}n`;
  if (Array.isArray(value)) return "an array";
  if (value === null) return "null";
  if (typeof value === "object") return value instanceof Uint8Array ? "a Uint8Array" : "an object";
  return String(value);
}
