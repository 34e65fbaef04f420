/**
 * A {@link FileModel} as a `FileDescriptorProto` — what generated code embeds for server
 * reflection. Built from the model alone, so text mode and plugin mode embed the same bytes. The
 * model flattens nesting; names put it back (`Outer.Inner` is nested in `Outer`), map fields get
 * their `…Entry` messages again (after the declared nested messages), proto3 `optional` fields
 * their synthetic oneofs (after the real ones, named as protoc names them). No `source_code_info`
 * (size) and no file options other than what changes how messages are read.
 */
import type { EnumProto, FieldProto, FileProto, MessageProto, ServiceProto } from "./descriptor-schema.ts";
import { encodeFileProto } from "./descriptor-schema.ts";
import { fieldProto, isProto3Optional, mapEntryProto } from "./descriptor-fields.ts";
import type { EnumModel, FileModel, MessageModel, ServiceModel } from "./model.ts";

/** `google.protobuf.Edition.EDITION_2023`, the one edition the codegen reads. */
const EDITION_2023 = 1000;
const CLOSED = 2;

/** A message being assembled: its own descriptor parts plus the children found for it. */
interface MessageNode {
  readonly model: MessageModel;
  readonly nested: MessageNode[];
  readonly enums: EnumProto[];
  readonly extensions: FieldProto[];
}

/** The serialized `FileDescriptorProto` of `file`; `dependencies` are the import paths (see {@link fileDependencies}). */
export function encodeFileDescriptor(file: FileModel, dependencies: readonly string[]): Uint8Array {
  return encodeFileProto(fileDescriptorProto(file, dependencies));
}

/** The `FileDescriptorProto` of `file`. */
export function fileDescriptorProto(file: FileModel, dependencies: readonly string[]): FileProto {
  const nodes = new Map<string, MessageNode>();
  const top: MessageNode[] = [];
  for (const model of file.messages) {
    const node: MessageNode = { model, nested: [], enums: [], extensions: [] };
    nodes.set(model.localName, node);
    (nodes.get(parentOf(model.localName))?.nested ?? top).push(node);
  }
  const enums: EnumProto[] = [];
  for (const e of file.enums) (nodes.get(parentOf(e.localName))?.enums ?? enums).push(enumProto(e, file.syntax));
  const extensions: FieldProto[] = [];
  for (const x of file.extensions) {
    const parent = nodes.get(parentOf(x.localName));
    const scope = parent?.model.typeName ?? file.packageName;
    (parent?.extensions ?? extensions).push(fieldProto(x.field, { syntax: file.syntax, extendee: x.extendee, scope }));
  }
  const publicDependencies = file.publicDependencies ?? [];
  const weakDependencies = file.weakDependencies ?? [];
  return {
    name: file.protoPath,
    ...(file.packageName === "" ? {} : { package: file.packageName }),
    ...(dependencies.length === 0 ? {} : { dependency: dependencies }),
    ...(top.length === 0 ? {} : { messageType: top.map((n) => messageProto(n, file.syntax)) }),
    ...(enums.length === 0 ? {} : { enumType: enums }),
    ...(file.services.length === 0 ? {} : { service: file.services.map(serviceProto) }),
    ...(extensions.length === 0 ? {} : { extension: extensions }),
    ...(publicDependencies.length === 0 ? {} : { publicDependency: publicDependencies }),
    ...(weakDependencies.length === 0 ? {} : { weakDependency: weakDependencies }),
    // protoc leaves `syntax` out for proto2, which is what an empty one means.
    ...(file.syntax === "proto2" ? {} : { syntax: file.syntax }),
    ...(file.syntax === "editions" ? { edition: EDITION_2023 } : {}),
  };
}

/**
 * The files `file` imports: as declared when the model says, else (a hand-built model) the files
 * declaring the types it references, in path order.
 */
export function fileDependencies(file: FileModel, declaringFile: (typeName: string) => string | undefined): readonly string[] {
  if (file.dependencies !== undefined) return file.dependencies;
  const names = [
    ...file.messages.flatMap((m) => m.fields.map((f) => f.type)),
    ...file.extensions.flatMap((x) => [x.field.type, { kind: "message" as const, typeName: x.extendee }]),
  ].flatMap((t) => (t.kind === "scalar" ? [] : [t.typeName]));
  for (const s of file.services) for (const m of s.methods) names.push(m.inputType, m.outputType);
  const paths = new Set(names.map(declaringFile).filter((p): p is string => p !== undefined && p !== file.protoPath));
  return [...paths].sort();
}

function parentOf(localName: string): string {
  const dot = localName.lastIndexOf(".");
  return dot < 0 ? "" : localName.slice(0, dot);
}

function lastName(localName: string): string {
  return localName.slice(localName.lastIndexOf(".") + 1);
}

function messageProto(node: MessageNode, syntax: FileModel["syntax"]): MessageProto {
  const m = node.model;
  const oneofNames = m.oneofs.map((o) => o.protoName);
  const taken = new Set([...m.fields.map((f) => f.protoName), ...oneofNames]);
  const syntheticIndex = new Map<number, number>();
  for (const f of m.fields) {
    if (!isProto3Optional(f, syntax)) continue;
    // protoc's parser: `_name`, prefixed with `X` until it clashes with no field or oneof.
    let name = f.protoName.startsWith("_") ? f.protoName : `_${f.protoName}`;
    while (taken.has(name)) name = `X${name}`;
    taken.add(name);
    syntheticIndex.set(f.number, oneofNames.length);
    oneofNames.push(name);
  }
  const fields = m.fields.map((f) => {
    const real = f.oneof === undefined ? -1 : m.oneofs.findIndex((o) => o.protoName === f.oneof);
    const oneofIndex = real >= 0 ? real : syntheticIndex.get(f.number);
    return fieldProto(f, { syntax, oneofIndex, scope: m.typeName, proto3Optional: syntheticIndex.has(f.number) });
  });
  const entries = m.fields.filter((f) => f.cardinality === "map").map((f) => mapEntryProto(f, syntax));
  const nested = [...node.nested.map((n) => messageProto(n, syntax)), ...entries];
  const options = { ...(m.messageSet === true ? { messageSetWireFormat: true } : {}), ...(m.deprecated === true ? { deprecated: true } : {}) };
  const ranges = m.extensionRanges ?? [];
  return {
    name: lastName(m.localName),
    ...(fields.length === 0 ? {} : { field: fields }),
    ...(nested.length === 0 ? {} : { nestedType: nested }),
    ...(node.enums.length === 0 ? {} : { enumType: node.enums }),
    ...(ranges.length === 0 ? {} : { extensionRange: ranges.map(([start, end]) => ({ start, end })) }),
    ...(node.extensions.length === 0 ? {} : { extension: node.extensions }),
    ...(Object.keys(options).length === 0 ? {} : { options }),
    ...(oneofNames.length === 0 ? {} : { oneofDecl: oneofNames.map((name) => ({ name })) }),
  };
}

function enumProto(e: EnumModel, syntax: FileModel["syntax"]): EnumProto {
  const numbers = new Set(e.values.map((v) => v.number));
  const options = {
    // Two names for one number compile only with allow_alias; a reader's pool checks it again.
    ...(numbers.size < e.values.length ? { allowAlias: true } : {}),
    ...(e.deprecated === true ? { deprecated: true } : {}),
    ...(syntax === "editions" && e.closed === true ? { features: { enumType: CLOSED } } : {}),
  };
  return {
    name: lastName(e.localName),
    value: e.values.map((v) => ({ name: v.name, number: v.number, ...(v.deprecated === true ? { options: { deprecated: true } } : {}) })),
    ...(Object.keys(options).length === 0 ? {} : { options }),
  };
}

function serviceProto(s: ServiceModel): ServiceProto {
  return {
    name: lastName(s.localName),
    ...(s.methods.length === 0 ? {} : {
      method: s.methods.map((m) => {
        const level = m.idempotency === "no_side_effects" ? 1 : m.idempotency === "idempotent" ? 2 : undefined;
        const options = { ...(m.deprecated === true ? { deprecated: true } : {}), ...(level === undefined ? {} : { idempotencyLevel: level }) };
        return {
          name: m.name,
          inputType: `.${m.inputType}`,
          outputType: `.${m.outputType}`,
          ...(Object.keys(options).length === 0 ? {} : { options }),
          ...(m.clientStreaming ? { clientStreaming: true } : {}),
          ...(m.serverStreaming ? { serverStreaming: true } : {}),
        };
      }),
    }),
    ...(s.deprecated === true ? { options: { deprecated: true } } : {}),
  };
}
