/**
 * protobufjs reflection over the test protos, and conversion of Strand messages into the plain
 * objects protobufjs's `fromObject` accepts — the independent implementation the round-trip
 * property tests compare against.
 */
import { join } from "node:path";
import protobuf from "protobufjs";
import type { FieldInfo, MessageType } from "@strand/protobuf";

/** The test protos directory. */
export const PROTOS = join(import.meta.dir, "..", "protos");

/** Loads `files` (relative to the test protos) with proto field names kept. */
export function loadPbjs(files: readonly string[]): protobuf.Root {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => (target.startsWith("/") || target.startsWith("google/protobuf/") ? target : join(PROTOS, target));
  root.loadSync(files.map((f) => join(PROTOS, f)), { keepCase: true });
  return root;
}

/** toObject options used on both sides of a comparison. */
export const TO_OBJECT: protobuf.IConversionOptions = { longs: String, enums: Number, bytes: String, defaults: true, arrays: true, objects: true };

function convert(info: FieldInfo | { kind: "scalar" | "enum" | "message"; type: unknown }, value: unknown): unknown {
  if (info.kind === "wrapper") return { value: typeof value === "bigint" ? value.toString() : value };
  if (typeof value === "bigint") return value.toString();
  if (info.kind === "message") return toPbInit((info.type as () => MessageType)(), value as object);
  return value;
}

/** The protobufjs `fromObject` input equal to Strand message `message` of `type`. */
export function toPbInit(type: MessageType, message: object): Record<string, unknown> {
  const m = message as Record<string, unknown>;
  const fields: Record<string, unknown> = {};
  const out = new Proxy(fields, {
    // protobufjs's bundled google/protobuf types use camelCase names, ours keep proto names: set both.
    set(target, key: string, value) {
      target[key] = value;
      const field = type.fields.find((f) => f.protoName === key);
      if (field !== undefined && field.jsonName !== key) target[field.jsonName] = value;
      return true;
    },
  });
  for (const f of type.fields) {
    if (f.oneof !== undefined) {
      const o = m[f.oneof] as { case?: string; value?: unknown };
      if (o.case === f.name) out[f.protoName] = convert(f, o.value);
      continue;
    }
    const value = m[f.name];
    if (value === undefined) continue;
    if (f.kind === "map") {
      const obj: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) obj[k] = convert(f.value, v);
      out[f.protoName] = obj;
    } else if (f.repeated === true) {
      out[f.protoName] = (value as unknown[]).map((v) => convert(f, v));
    } else {
      out[f.protoName] = convert(f, value);
    }
  }
  return fields;
}
