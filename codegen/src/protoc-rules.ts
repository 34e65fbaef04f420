/**
 * Definitions protobufjs parses but protoc rejects, checked after loading so that a file Strand
 * generates code for is one every other implementation accepts too: field numbers outside
 * 1..536,870,911 or in 19,000..19,999 (numbers 0 and 2^29 would even be written with the same
 * tag byte), a proto3 enum whose first value is not zero, proto3 fields whose names differ only
 * in case and underscores, and a proto3 message using a proto2 enum. Every violation is reported,
 * each at its element, in protoc's words. (What one file's declarations show — duplicates,
 * reserved numbers — is checked before parsing, in declaration-rules.ts.)
 */
import protobuf from "protobufjs";
import type { Violation } from "./declaration-rules.ts";
import { escapeRegExp, locate, type SourceLocation, stripComments } from "./diagnostic.ts";
import { type LoadedFile, PROTO_PLACEHOLDER } from "./load-protos.ts";

const MAX_FIELD_NUMBER = 536_870_911;


/** Every violation of these rules in the loaded files. */
export function protocRuleViolations(root: protobuf.Root, files: ReadonlyMap<string, LoadedFile>, declaredIn: ReadonlyMap<string, string>): Violation[] {
  const found: Violation[] = [];
  const fileOf = (fullName: string): LoadedFile | undefined => files.get(declaredIn.get(fullName) ?? "");
  const at = (file: LoadedFile, pattern: RegExp): SourceLocation => locate(file.displayPath, stripComments(file.text), pattern, 1);
  const visit = (ns: protobuf.NamespaceBase): void => {
    for (const child of ns.nestedArray) {
      if (child instanceof protobuf.Type) {
        const file = fileOf(child.fullName.slice(1));
        if (file !== undefined) for (const field of child.fieldsArray) if (field.declaringField === null) checkNumber(found, file, at, field);
        if (file !== undefined) checkMapEnums(found, file, at, child);
        if (file?.syntax === "proto3") {
          checkJsonNames(found, file, at, child);
          checkClosedEnums(found, file, at, child, (e) => fileOf(e.fullName.slice(1))?.syntax === "proto2");
        }
        // Editions: the same JSON check unless the message opts out (`json_format = LEGACY_BEST_EFFORT`).
        if (file?.syntax === "editions" && jsonFormat(child) === "ALLOW") checkJsonNames(found, file, at, child, "editions");
      }
      if (child instanceof protobuf.Enum) {
        const file = fileOf(child.fullName.slice(1));
        if (file !== undefined) checkEnumZero(found, file, at, child);
      }
      if (child instanceof protobuf.Namespace) visit(child);
    }
  };
  visit(root);
  return found;
}

function checkNumber(found: Violation[], file: LoadedFile, at: (f: LoadedFile, p: RegExp) => SourceLocation, field: protobuf.Field): void {
  const id = field.id;
  let message: string | undefined;
  if (id <= 0) message = "Field numbers must be positive integers.";
  else if (id > MAX_FIELD_NUMBER) message = `Field numbers cannot be greater than ${MAX_FIELD_NUMBER}.`;
  else if (id >= 19_000 && id <= 19_999) message = `Field numbers 19000 through 19999 are reserved for the protocol buffer library implementation.`;
  if (message === undefined) return;
  found.push({ code: "invalid_definition", at: at(file, new RegExp(`\\b${escapeRegExp(field.name)}\\s*=\\s*(-?\\d+)`)), message });
}

/** The `json_format` feature in force for `obj`: its own option, else its enclosing scopes' (features are read before they are resolved). */
function jsonFormat(obj: protobuf.ReflectionObject): string {
  for (let o: protobuf.ReflectionObject | null = obj; o !== null; o = o.parent) {
    const features = (o.options as { features?: { json_format?: unknown } } | undefined)?.features;
    if (typeof features?.json_format === "string") return features.json_format;
  }
  return "ALLOW";
}

/** proto3 refuses two fields whose names are equal lowercased without underscores (`user_id`, `userId`, `UserId`). */
function checkJsonNames(found: Violation[], file: LoadedFile, at: (f: LoadedFile, p: RegExp) => SourceLocation, type: protobuf.Type, syntax = "proto3"): void {
  const seen = new Map<string, string>();
  for (const field of type.fieldsArray) {
    if (field.declaringField !== null || field.extensionField !== null) continue;
    const name = field.name.replaceAll(PROTO_PLACEHOLDER, "__proto__");
    const key = name.replace(/_/g, "").toLowerCase();
    const other = seen.get(key);
    if (other === undefined) {
      seen.set(key, name);
      continue;
    }
    found.push({
      code: "invalid_definition",
      at: at(file, new RegExp(`\\b(${escapeRegExp(field.name)})\\s*=\\s*${field.id}\\b`)),
      message: `The JSON camel-case name of field "${name}" conflicts with field "${other}". This is not allowed in ${syntax}.`,
    });
  }
}

/** The enum `field` of `type` holds, if its type is an enum that resolves (undefined types are reported elsewhere). */
function enumOf(type: protobuf.Type, field: protobuf.Field): protobuf.Enum | undefined {
  try {
    const target = type.lookupTypeOrEnum(field.type);
    return target instanceof protobuf.Enum ? target : undefined;
  } catch {
    return undefined;
  }
}

/** A proto3 message may not use a proto2 (closed) enum: proto3 keeps unknown values, which a closed enum cannot hold. */
function checkClosedEnums(found: Violation[], file: LoadedFile, at: (f: LoadedFile, p: RegExp) => SourceLocation, type: protobuf.Type, closed: (e: protobuf.Enum) => boolean): void {
  for (const field of type.fieldsArray) {
    if (field.declaringField !== null || field.extensionField !== null) continue;
    const target = enumOf(type, field);
    if (target === undefined || !closed(target)) continue;
    found.push({
      code: "invalid_definition",
      at: at(file, new RegExp(`(?:repeated\\s+|optional\\s+)?([\\w.]*${escapeRegExp(field.type.split(".").pop() ?? "")})\\s*>?\\s+${escapeRegExp(field.name)}\\s*=`)),
      message: `Enum type "${target.fullName.slice(1)}" is not a proto3 enum, but is used in "${type.fullName.slice(1)}" which is a proto3 message type.`,
    });
  }
}

/** A map's enum values default to 0, so protoc requires the enum to start with 0. */
function checkMapEnums(found: Violation[], file: LoadedFile, at: (f: LoadedFile, p: RegExp) => SourceLocation, type: protobuf.Type): void {
  for (const field of type.fieldsArray) {
    if (!(field instanceof protobuf.MapField) || field.declaringField !== null) continue;
    const target = enumOf(type, field);
    if (target === undefined || Object.values(target.values)[0] === 0) continue;
    found.push({ code: "invalid_definition", at: at(file, new RegExp(`\\b(map)\\s*<[^>]*>\\s*${escapeRegExp(field.name)}\\s*=`)), message: "Enum value in map must define 0 as the first value." });
  }
}

function checkEnumZero(found: Violation[], file: LoadedFile, at: (f: LoadedFile, p: RegExp) => SourceLocation, e: protobuf.Enum): void {
  const first = Object.entries(e.values)[0];
  if (file.syntax === "proto3" && first !== undefined && first[1] !== 0) {
    found.push({ code: "invalid_definition", at: at(file, new RegExp(`\\benum\\s+${escapeRegExp(e.name)}\\s*\\{[^}]*?\\b${escapeRegExp(first[0])}\\s*=\\s*(-?\\w+)`)), message: `The first enum value must be zero in proto3.` });
  }
}
