/**
 * Turns parsed protos (a protobufjs `Root` plus per-file facts from `loadProtos`) into the plain
 * {@link Model} the emitter consumes. This is where protobuf semantics are decided: presence,
 * packing, synthetic oneofs, JSON names, groups (messages written as START_GROUP … END_GROUP) and extensions (noted, not generated).
 */
import protobuf from "protobufjs";
import { escapeRegExp } from "./diagnostic.ts";
import { type LoadedProtos, PROTO_PLACEHOLDER } from "./load-protos.ts";
import { orderEnums } from "./model-order.ts";
import { jsonNameOf } from "./names.ts";
import { type CommentKey, collectComments, docComment, type RawComments } from "./proto-comments.ts";
import type {
  EnumModel,
  ExtensionModel,
  FieldModel,
  FileModel,
  MessageModel,
  MethodModel,
  Model,
  OneofModel,
  Scalar,
  ServiceModel,
  ValueType,
} from "./model.ts";

/** The largest field number, which protobufjs reads `max` as. */
const MAX_FIELD_NUMBER = 536_870_911;
const MAX_INT32 = 2_147_483_647;

const SCALARS: ReadonlySet<string> = new Set([
  "double", "float", "int32", "int64", "uint32", "uint64", "sint32", "sint64",
  "fixed32", "fixed64", "sfixed32", "sfixed64", "bool", "string", "bytes",
]);

/**
 * The loader hides `__proto__` from protobufjs (load-protos.ts); everything read back from it —
 * names, full names, comments, `json_name` — gets the real spelling again here, so the placeholder
 * never reaches generated code, JSON or docs.
 */
function real(text: string): string {
  return text.includes(PROTO_PLACEHOLDER) ? text.replaceAll(PROTO_PLACEHOLDER, "__proto__") : text;
}

/** A 64-bit default as a decimal string (protoc's form: `0x10` and `16` are one default). */
function decimal(literal: string | undefined): string | undefined {
  if (literal === undefined) return undefined;
  const negative = literal.startsWith("-");
  const digits = negative ? literal.slice(1) : literal;
  const value = BigInt(/^0[0-7]+$/.test(digits) ? `0o${digits.slice(1)}` : digits);
  return (negative ? -value : value).toString();
}

/** A protobufjs full name (`.pkg.Type`) as a model type name (`pkg.Type`). */
function fullName(obj: { fullName: string }): string {
  return real(obj.fullName.slice(1));
}

/** A file's comments, keyed as {@link collectComments} keys them (with real names, not placeholders). */
type Comments = ReadonlyMap<CommentKey, RawComments>;

function comment(comments: Comments, key: string): string | undefined {
  return docComment(comments.get(real(key)));
}

function deprecated(options: Record<string, unknown> | undefined): boolean | undefined {
  return options?.["deprecated"] === true ? true : undefined;
}

/** The editions features protobufjs resolved for `obj` (proto2 and proto3 map to their editions equivalents). */
function featuresOf(obj: protobuf.ReflectionObject): Readonly<Record<string, unknown>> {
  return (obj as protobuf.ReflectionObject & { _features?: Record<string, unknown> })._features ?? {};
}

function asScalar(name: string): Scalar {
  if (!SCALARS.has(name)) throw new Error(`not a scalar: ${name}`);
  return name as Scalar;
}

function valueType(field: protobuf.Field): ValueType {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Enum) return { kind: "enum", typeName: fullName(resolved) };
  if (resolved instanceof protobuf.Type) return { kind: "message", typeName: fullName(resolved) };
  return { kind: "scalar", scalar: asScalar(field.type) };
}

/**
 * A message field written as a group (START_GROUP … END_GROUP): proto2 `group`s and editions'
 * `message_encoding = DELIMITED`. Map fields never are: their entries are always length-prefixed,
 * whatever the file's default (protobufjs marks them delimited under a DELIMITED file default).
 */
function isDelimited(field: protobuf.Field): boolean {
  if (!(field.resolvedType instanceof protobuf.Type) || field instanceof protobuf.MapField) return false;
  return (field.resolvedType as protobuf.Type & { group?: boolean }).group === true || field.delimited;
}

/**
 * protobufjs parses `[default = …]` of 64-bit fields into a double, losing digits beyond 2^53;
 * recover the literal from the source text.
 */
function rawDefault(field: protobuf.Field, text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const re = new RegExp(`\\b${escapeRegExp(field.name)}\\s*=\\s*${field.id}\\s*\\[[^\\]]*?\\bdefault\\s*=\\s*(-?(?:0[xX][0-9a-fA-F]+|\\d+))`);
  return re.exec(text)?.[1];
}

function fieldModel(field: protobuf.Field, text: string, comments: Comments, key: string): FieldModel {
  const options = field.options as Record<string, unknown> | undefined;
  const synthetic = options?.["proto3_optional"] === true;
  const oneof = field.partOf !== null && !synthetic ? real(field.partOf.name) : undefined;
  const type = valueType(field);
  const isMap = field instanceof protobuf.MapField;
  const cardinality = isMap ? "map" : field.repeated ? "repeated" : "single";
  const jsonOption = options?.["json_name"];
  let defaultValue = options?.["default"];
  if (typeof defaultValue === "number" && ["int64", "uint64", "sint64", "fixed64", "sfixed64"].includes(field.type)) {
    defaultValue = decimal(rawDefault(field, text)) ?? defaultValue;
  }
  if (typeof defaultValue === "number" && field.type === "float") defaultValue = Math.fround(defaultValue);
  // protoc names a group's field after its type, lowercased (`MultiWordGroup` → `multiwordgroup`);
  // protobufjs only lowercases the first letter.
  const group = (field.resolvedType as (protobuf.Type & { group?: boolean }) | null)?.group === true;
  const protoName = group ? real(field.name).toLowerCase() : real(field.name);
  const hasString = (type.kind === "scalar" && type.scalar === "string") || (isMap && (field as protobuf.MapField).keyType === "string");
  const verifyUtf8 = hasString && featuresOf(field)["utf8_validation"] === "VERIFY" ? (true as const) : undefined;
  return {
    protoName,
    number: field.id,
    jsonName: typeof jsonOption === "string" ? real(jsonOption) : jsonNameOf(protoName),
    cardinality,
    mapKey: isMap ? asScalar((field as protobuf.MapField).keyType) : undefined,
    type,
    presence: cardinality === "single" && oneof === undefined && (type.kind === "message" || Boolean(field.hasPresence)),
    required: field.required,
    packed: cardinality === "repeated" && type.kind !== "message" && !(type.kind === "scalar" && (type.scalar === "string" || type.scalar === "bytes")) && field.packed,
    oneof,
    delimited: isDelimited(field),
    verifyUtf8,
    defaultValue: typeof defaultValue === "string" || typeof defaultValue === "number" || typeof defaultValue === "boolean" ? defaultValue : undefined,
    proto3Optional: synthetic ? true : undefined,
    comment: comment(comments, key),
    deprecated: deprecated(options),
  };
}

function messageModel(type: protobuf.Type, localName: string, text: string, comments: Comments): MessageModel {
  const notes: string[] = [];
  const fields: FieldModel[] = [];
  for (const field of type.fieldsArray) {
    if (field.declaringField !== null || field.extensionField !== null || field.name.startsWith(".")) continue;
    fields.push(fieldModel(field, text, comments, `field:${type.fullName.slice(1)}.${field.name}`));
  }
  const oneofs: OneofModel[] = type.oneofsArray
    .filter((o) => !o.fieldsArray.every((f) => (f.options as Record<string, unknown> | undefined)?.["proto3_optional"] === true))
    .filter((o) => fields.some((f) => f.oneof === real(o.name)))
    .map((o) => ({ protoName: real(o.name), comment: comment(comments, `oneof:${type.fullName.slice(1)}.${o.name}`), deprecated: deprecated(o.options as Record<string, unknown> | undefined) }));
  const messageSet = (type.options as Record<string, unknown> | undefined)?.["message_set_wire_format"] === true ? (true as const) : undefined;
  // protobufjs keeps ranges inclusive, `max` as 2^29 - 1; a MessageSet's `max` is 2^31 - 1 (protoc).
  const ranges: ReadonlyArray<readonly number[]> = type.extensions ?? [];
  const extensionRanges = ranges.length === 0 ? undefined : ranges.map(([start = 0, end = 0]) => [start, messageSet === true && end === MAX_FIELD_NUMBER ? MAX_INT32 : end + 1] as const);
  return {
    typeName: fullName(type),
    localName,
    fields,
    oneofs,
    notes,
    extensionRanges,
    messageSet,
    comment: comment(comments, `message:${type.fullName.slice(1)}`),
    deprecated: deprecated(type.options as Record<string, unknown> | undefined),
  };
}

function enumModel(e: protobuf.Enum, localName: string, comments: Comments): EnumModel {
  const valuesOptions = (e as protobuf.Enum & { valuesOptions?: Record<string, Record<string, unknown>> }).valuesOptions;
  const values = Object.entries(e.values).map(([name, number]) => ({
    name: real(name),
    number,
    comment: comment(comments, `value:${e.fullName.slice(1)}.${name}`),
    deprecated: deprecated(valuesOptions?.[name]),
  }));
  const closed = featuresOf(e)["enum_type"] === "CLOSED" ? (true as const) : undefined;
  return { typeName: fullName(e), localName, values, closed, comment: comment(comments, `enum:${e.fullName.slice(1)}`), deprecated: deprecated(e.options as Record<string, unknown> | undefined) };
}

function serviceModel(s: protobuf.Service, localName: string, comments: Comments): ServiceModel {
  const methods: MethodModel[] = s.methodsArray.map((m) => {
    const level = (m.options as Record<string, unknown> | undefined)?.["idempotency_level"];
    return {
      name: real(m.name),
      inputType: fullName(m.resolvedRequestType ?? s.lookupType(m.requestType)),
      outputType: fullName(m.resolvedResponseType ?? s.lookupType(m.responseType)),
      clientStreaming: m.requestStream === true,
      serverStreaming: m.responseStream === true,
      idempotency: level === "NO_SIDE_EFFECTS" ? "no_side_effects" : level === "IDEMPOTENT" ? "idempotent" : "unknown",
      comment: comment(comments, `method:${s.fullName.slice(1)}.${m.name}`),
      deprecated: deprecated(m.options as Record<string, unknown> | undefined),
    };
  });
  return { typeName: fullName(s), localName, methods, comment: comment(comments, `service:${s.fullName.slice(1)}`), deprecated: deprecated(s.options as Record<string, unknown> | undefined) };
}

/** Extension fields (`extend Foo { … }`) anywhere under `ns`, with the display file they came from. */
/**
 * Every extension declaration, found through the fields protobufjs adds to the extended messages
 * (their `declaringField`): under editions the declarations themselves are not always listed in
 * their namespace.
 */
function extensions(ns: protobuf.NamespaceBase, out = new Set<protobuf.Field>()): Set<protobuf.Field> {
  for (const child of ns.nestedArray) {
    if (child instanceof protobuf.Type) {
      for (const field of child.fieldsArray) if (field.declaringField !== null) out.add(field.declaringField);
    }
    if (child instanceof protobuf.Namespace) extensions(child, out);
  }
  return out;
}

/** The file declaring `ext`: its own filename, else the file of its enclosing message, else the file of its package that declares it. */
function extensionFile(loaded: LoadedProtos, byDisplay: ReadonlyMap<string, string>, ext: protobuf.Field): string | undefined {
  const direct = byDisplay.get(ext.filename ?? "") ?? loaded.declaredIn.get(ext.parent === null ? "" : ext.parent.fullName.slice(1));
  if (direct !== undefined) return direct;
  const declares = new RegExp(`\\b${escapeRegExp(ext.name)}\\s*=\\s*${ext.id}\\b`);
  const pkg = ext.parent === null ? "" : ext.parent.fullName.slice(1);
  return [...loaded.files.values()].find((f) => f.packageName === pkg && declares.test(f.text))?.protoPath;
}

/**
 * Builds the model for every loaded file (requested files and their imports), in load order.
 * A proto2 group's type is a nested message like any other.
 */
export function buildModel(loaded: LoadedProtos): Model {
  const byFile = new Map<string, { messages: MessageModel[]; enums: EnumModel[]; services: ServiceModel[]; extensions: ExtensionModel[]; notes: string[] }>();
  for (const path of loaded.files.keys()) byFile.set(path, { messages: [], enums: [], services: [], extensions: [], notes: [] });
  const byDisplay = new Map([...loaded.files.values()].map((f) => [f.displayPath, f.protoPath]));
  const commentsOf = new Map([...loaded.files.values()].map((f) => [f.protoPath, collectComments(f.text)]));
  const enumParents = new Map<string, Array<{ model: EnumModel; parent: number }>>();
  for (const [name, path] of loaded.declaredIn) {
    const file = loaded.files.get(path);
    const bucket = byFile.get(path);
    if (file === undefined || bucket === undefined) continue;
    const obj = loaded.root.lookup(`.${name}`);
    const comments = commentsOf.get(path) ?? new Map();
    const localName = real(file.packageName === "" ? name : name.slice(file.packageName.length + 1));
    if (obj instanceof protobuf.Type) {
      bucket.messages.push(messageModel(obj, localName, file.text, comments));
    } else if (obj instanceof protobuf.Enum) {
      const parentName = obj.parent instanceof protobuf.Type ? fullName(obj.parent) : undefined;
      const list = enumParents.get(path) ?? [];
      enumParents.set(path, list);
      list.push({ model: enumModel(obj, localName, comments), parent: bucket.messages.findIndex((m) => m.typeName === parentName) });
    } else if (obj instanceof protobuf.Service) bucket.services.push(serviceModel(obj, localName, comments));
  }
  for (const ext of extensions(loaded.root)) {
    const path = extensionFile(loaded, byDisplay, ext);
    const bucket = path === undefined ? undefined : byFile.get(path);
    const file = path === undefined ? undefined : loaded.files.get(path);
    const extendee = ext.extensionField?.parent;
    if (bucket === undefined || file === undefined || !(extendee instanceof protobuf.Type)) continue;
    const field = fieldModel(ext, file.text, commentsOf.get(file.protoPath) ?? new Map(), `extension:${ext.fullName.slice(1)}`);
    const full = fullName(ext);
    const typeName = `${full.slice(0, full.length - real(ext.name).length)}${field.protoName}`; // a group's is lowercased
    const localName = file.packageName === "" ? typeName : typeName.slice(file.packageName.length + 1);
    const messageSet = (extendee.options as Record<string, unknown> | undefined)?.["message_set_wire_format"] === true;
    bucket.extensions.push({ localName, typeName, extendee: fullName(extendee), messageSet, field });
  }
  for (const file of loaded.files.values()) {
    const bucket = byFile.get(file.protoPath);
    if (bucket !== undefined) bucket.enums = orderEnums(enumParents.get(file.protoPath) ?? []);
  }
  const files: FileModel[] = [...loaded.files.values()].map((f) => {
    const bucket = byFile.get(f.protoPath) ?? { messages: [], enums: [], services: [], extensions: [], notes: [] };
    // Found through the messages they extend: put them in a stable order (by number, then name).
    bucket.extensions.sort((a, b) => a.field.number - b.field.number || (a.typeName < b.typeName ? -1 : 1));
    const imports = { dependencies: f.dependencies, publicDependencies: f.publicDependencies, weakDependencies: f.weakDependencies };
    return { protoPath: f.protoPath, packageName: f.packageName, syntax: f.syntax, ...imports, ...bucket };
  });
  return { files };
}
