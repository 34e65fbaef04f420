/**
 * Plugin mode's model builder: `FileDescriptorProto`s (from protoc or buf) → the same {@link Model}
 * that `buildModel` makes from `.proto` text, so `generate` gives byte-identical files either way.
 * Comments come from `SourceCodeInfo` and go through the same {@link docComment} as in text mode.
 */
import type { EnumProto, FeatureSet, FieldProto, FileProto, MessageProto } from "./descriptor-schema.ts";
import type { EnumModel, ExtensionModel, FieldModel, FileModel, MessageModel, Model, Scalar, ServiceModel, ValueType } from "./model.ts";
import { jsonNameOf } from "./names.ts";
import { docComment, type RawComments } from "./proto-comments.ts";
import { orderEnums } from "./model-order.ts";

/** `FieldDescriptorProto.Type` numbers of the scalar types. */
const SCALAR_TYPES: ReadonlyMap<number, Scalar> = new Map<number, Scalar>([
  [1, "double"], [2, "float"], [3, "int64"], [4, "uint64"], [5, "int32"], [6, "fixed64"], [7, "fixed32"], [8, "bool"],
  [9, "string"], [12, "bytes"], [13, "uint32"], [15, "sfixed32"], [16, "sfixed64"], [17, "sint32"], [18, "sint64"],
]);
const TYPE_GROUP = 10;
const TYPE_MESSAGE = 11;
const TYPE_ENUM = 14;
const LABEL_REQUIRED = 2;
const LABEL_REPEATED = 3;
/** `FeatureSet` enum values that change generated code. */
const IMPLICIT = 2;
const LEGACY_REQUIRED = 3;
const EXPANDED = 2;
const DELIMITED = 2;
const CLOSED = 2;
const UTF8_NONE = 3;

const strip = (name: string | undefined): string => (name ?? "").replace(/^\./, "");
const join = (scope: string, name: string): string => (scope === "" ? name : `${scope}.${name}`);
const merge = (outer: FeatureSet, inner: FeatureSet | undefined): FeatureSet => (inner === undefined ? outer : { ...outer, ...inner });

/** Builds the model of every file in `files` (a request's `proto_file`: the requested files and all they import). */
export function modelFromDescriptors(files: readonly FileProto[]): Model {
  const messagesByName = new Map<string, MessageProto>();
  const index = (scope: string, list: readonly MessageProto[] | undefined): void => {
    for (const m of list ?? []) {
      messagesByName.set(join(scope, m.name), m);
      index(join(scope, m.name), m.nestedType);
    }
  };
  for (const f of files) index(f.package ?? "", f.messageType);
  return { files: files.map((f) => fileModel(f, messagesByName)) };
}

function fileModel(file: FileProto, messagesByName: ReadonlyMap<string, MessageProto>): FileModel {
  const pkg = file.package ?? "";
  const syntax = file.edition !== undefined || file.syntax === "editions" ? "editions" : file.syntax === "proto3" ? "proto3" : "proto2";
  const comments = new Map<string, RawComments>();
  for (const loc of file.sourceCodeInfo?.location ?? []) {
    if (loc.leadingComments !== undefined || loc.trailingComments !== undefined) {
      comments.set((loc.path ?? []).join(","), { leading: loc.leadingComments ?? "", trailing: loc.trailingComments ?? "" });
    }
  }
  const doc = (path: readonly number[]): string | undefined => docComment(comments.get(path.join(",")));
  const local = (typeName: string): string => (pkg === "" ? typeName : typeName.slice(pkg.length + 1));
  const messages: MessageModel[] = [];
  const enums: Array<{ model: EnumModel; parent: number }> = [];
  const extensions: ExtensionModel[] = [];

  const field = (f: FieldProto, path: readonly number[], features: FeatureSet, oneofs: MessageProto["oneofDecl"]): FieldModel => {
    const fx = merge(f.oneofIndex !== undefined && f.proto3Optional !== true ? merge(features, oneofs?.[f.oneofIndex]?.options?.features) : features, f.options?.features);
    const entry = f.label === LABEL_REPEATED && f.type === TYPE_MESSAGE ? messagesByName.get(strip(f.typeName)) : undefined;
    const isMap = entry?.options?.mapEntry === true;
    const type = isMap ? valueType(entry!.field?.[1]) : valueType(f);
    const cardinality = isMap ? "map" : f.label === LABEL_REPEATED ? "repeated" : "single";
    const oneof = f.oneofIndex !== undefined && f.proto3Optional !== true ? oneofs?.[f.oneofIndex]?.name : undefined;
    const hasPresence = syntax === "proto2" ? true : syntax === "proto3" ? f.proto3Optional === true : fx.fieldPresence !== IMPLICIT;
    const packable = cardinality === "repeated" && type.kind !== "message" && !(type.kind === "scalar" && (type.scalar === "string" || type.scalar === "bytes"));
    const packed = syntax === "proto2" ? f.options?.packed === true : syntax === "proto3" ? f.options?.packed !== false : (f.options?.packed ?? fx.repeatedFieldEncoding !== EXPANDED);
    const name = f.name;
    const hasString = (type.kind === "scalar" && type.scalar === "string") || (isMap && SCALAR_TYPES.get(entry!.field?.[0]?.type ?? 0) === "string");
    const verify = syntax === "proto2" ? false : syntax === "proto3" ? true : fx.utf8Validation !== UTF8_NONE;
    return {
      protoName: name,
      number: f.number,
      jsonName: f.jsonName ?? jsonNameOf(name),
      cardinality,
      mapKey: isMap ? (valueType(entry!.field?.[0]) as { scalar: Scalar }).scalar : undefined,
      type,
      presence: cardinality === "single" && oneof === undefined && (type.kind === "message" || hasPresence),
      required: f.label === LABEL_REQUIRED || (syntax === "editions" && fx.fieldPresence === LEGACY_REQUIRED),
      packed: packable && packed,
      oneof,
      delimited: type.kind === "message" && !isMap && (f.type === TYPE_GROUP || (syntax === "editions" && fx.messageEncoding === DELIMITED)),
      verifyUtf8: hasString && verify ? true : undefined,
      defaultValue: defaultOf(f),
      proto3Optional: f.proto3Optional === true ? true : undefined,
      comment: doc(path),
      deprecated: f.options?.deprecated === true ? true : undefined,
    };
  };

  const extension = (f: FieldProto, scope: string, path: readonly number[], features: FeatureSet): void => {
    const typeName = join(scope, f.name);
    const extendee = strip(f.extendee);
    const messageSet = messagesByName.get(extendee)?.options?.messageSetWireFormat === true;
    const model = field(f, path, features, undefined);
    // Extensions have explicit presence in every syntax (text mode's protobufjs says so too).
    extensions.push({ localName: local(typeName), typeName, extendee, messageSet, field: { ...model, presence: model.cardinality === "single" } });
  };

  const enumModel = (e: EnumProto, scope: string, path: readonly number[], parent: number, outer: FeatureSet): void => {
    const typeName = join(scope, e.name);
    const closedByFeature = merge(outer, e.options?.features).enumType === CLOSED;
    const closed = syntax === "proto2" || (syntax === "editions" && closedByFeature) ? (true as const) : undefined;
    const values = (e.value ?? []).map((v, j) => ({
      name: v.name,
      number: v.number ?? 0,
      comment: doc([...path, 2, j]),
      deprecated: v.options?.deprecated === true ? true : undefined,
    }));
    enums.push({ parent, model: { typeName, localName: local(typeName), values, closed, comment: doc(path), deprecated: e.options?.deprecated === true ? true : undefined } });
  };

  const fileFeatures = merge({}, file.options?.features);
  const message = (m: MessageProto, scope: string, path: readonly number[], outer: FeatureSet): void => {
    if (m.options?.mapEntry === true) return;
    const typeName = join(scope, m.name);
    const features = merge(outer, m.options?.features);
    const fields = (m.field ?? []).map((f, j) => field(f, [...path, 2, j], features, m.oneofDecl));
    const oneofs = (m.oneofDecl ?? [])
      .map((o, j) => ({ protoName: o.name, comment: doc([...path, 8, j]), deprecated: undefined }))
      .filter((o) => fields.some((f) => f.oneof === o.protoName));
    const at = messages.length;
    const extensionRanges = (m.extensionRange ?? []).length === 0 ? undefined : m.extensionRange!.map((r) => [r.start ?? 0, r.end ?? 0] as const);
    const messageSet = m.options?.messageSetWireFormat === true ? (true as const) : undefined;
    const deprecated = m.options?.deprecated === true ? (true as const) : undefined;
    messages.push({ typeName, localName: local(typeName), fields, oneofs, notes: [], extensionRanges, messageSet, comment: doc(path), deprecated });
    (m.enumType ?? []).forEach((e, k) => enumModel(e, typeName, [...path, 4, k], at, features));
    (m.nestedType ?? []).forEach((n, k) => message(n, typeName, [...path, 3, k], features));
    (m.extension ?? []).forEach((x, k) => extension(x, typeName, [...path, 6, k], features));
  };

  (file.enumType ?? []).forEach((e, i) => enumModel(e, pkg, [5, i], -1, fileFeatures));
  (file.messageType ?? []).forEach((m, i) => message(m, pkg, [4, i], fileFeatures));
  (file.extension ?? []).forEach((x, i) => extension(x, pkg, [7, i], fileFeatures));
  const services: ServiceModel[] = (file.service ?? []).map((s, i) => {
    const typeName = join(pkg, s.name);
    const methods = (s.method ?? []).map((m, j) => {
      const level = m.options?.idempotencyLevel;
      return {
        name: m.name,
        inputType: strip(m.inputType),
        outputType: strip(m.outputType),
        clientStreaming: m.clientStreaming === true,
        serverStreaming: m.serverStreaming === true,
        idempotency: level === 1 ? ("no_side_effects" as const) : level === 2 ? ("idempotent" as const) : ("unknown" as const),
        comment: doc([6, i, 2, j]),
        deprecated: m.options?.deprecated === true ? true : undefined,
      };
    });
    return { typeName, localName: local(typeName), methods, comment: doc([6, i]), deprecated: s.options?.deprecated === true ? true : undefined };
  });
  extensions.sort((a, b) => a.field.number - b.field.number || (a.typeName < b.typeName ? -1 : 1));
  const imports = { dependencies: file.dependency ?? [], publicDependencies: file.publicDependency ?? [], weakDependencies: file.weakDependency ?? [] };
  return { protoPath: file.name, packageName: pkg, syntax, ...imports, messages, enums: orderEnums(enums), services, extensions, notes: [] };
}

function valueType(f: FieldProto | undefined): ValueType {
  if (f?.type === TYPE_MESSAGE || f?.type === TYPE_GROUP) return { kind: "message", typeName: strip(f.typeName) };
  if (f?.type === TYPE_ENUM) return { kind: "enum", typeName: strip(f.typeName) };
  const scalar = SCALAR_TYPES.get(f?.type ?? 0);
  if (scalar === undefined) throw new Error(`field ${f?.name ?? "?"} has an unknown type ${f?.type ?? "(none)"}`);
  return { kind: "scalar", scalar };
}

/** `default_value` as text mode has it: numbers as numbers (64-bit as decimal strings), bools, names and text. */
function defaultOf(f: FieldProto): string | number | boolean | undefined {
  const raw = f.defaultValue;
  if (raw === undefined) return undefined;
  const scalar = SCALAR_TYPES.get(f.type ?? 0);
  if (scalar === undefined || scalar === "string") return raw;
  if (scalar === "bytes") return unescapeC(raw);
  if (scalar === "bool") return raw === "true";
  if (/64$/.test(scalar)) return raw;
  if (raw === "inf") return Infinity;
  if (raw === "-inf") return -Infinity;
  if (raw === "nan") return NaN;
  // A float default is the nearest float32, whatever precision the descriptor wrote it with.
  return scalar === "float" ? Math.fround(Number(raw)) : Number(raw);
}

/** protoc C-escapes `bytes` defaults; text mode holds them as one character per byte. */
function unescapeC(text: string): string {
  const simple: Record<string, string> = { n: "\n", r: "\r", t: "\t", a: "\x07", b: "\b", f: "\f", v: "\v", "\\": "\\", "'": "'", '"': '"', "?": "?" };
  return text.replace(/\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)/g, (_m, esc: string) => {
    if (esc.startsWith("x")) return String.fromCharCode(parseInt(esc.slice(1), 16));
    if (/^[0-7]/.test(esc)) return String.fromCharCode(parseInt(esc, 8));
    return simple[esc] ?? esc;
  });
}
