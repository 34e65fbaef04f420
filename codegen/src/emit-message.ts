/**
 * Emits a message: the `interface` (fields as ARCHITECTURE.md §2 describes) and the same-named
 * `MessageType` value holding its type name, field table, `create`, the inline binary codec, and
 * JSON methods that delegate to the runtime (or to a well-known type's special helper).
 */
import {
  type InterfaceDeclarationStructure,
  type OptionalKind,
  type PropertySignatureStructure,
  type StatementStructures,
  StructureKind,
  VariableDeclarationKind,
} from "ts-morph";
import { docsOf } from "./docs.ts";
import { decodeLines, defaultsLiteral, encodeLines } from "./emit-codec.ts";
import type { FileContext } from "./file-context.ts";
import { type FieldPlan, isOptionalProperty, planFields } from "./field-plan.ts";
import type { FieldModel, MessageModel } from "./model.ts";
import { defaultLiteral } from "./scalar-info.ts";
import { type SpecialJson, specialJson } from "./well-known.ts";

function fieldDocs(f: FieldModel): string[] {
  const extra: string[] = [];
  if (f.required) extra.push("Required (proto2).");
  if (f.defaultValue !== undefined) extra.push(`@defaultValue ${JSON.stringify(f.defaultValue)}`);
  return extra;
}

function propertyType(plan: FieldPlan): string {
  const f = plan.field;
  switch (f.cardinality) {
    case "map":
      return `{ [key: string]: ${plan.elementType} }`;
    case "repeated":
      return /[ |]/.test(plan.elementType) ? `Array<${plan.elementType}>` : `${plan.elementType}[]`;
    case "single":
      return isOptionalProperty(plan) ? `${plan.elementType} | undefined` : plan.elementType;
  }
}

function interfaceOf(message: MessageModel, tsName: string, plans: readonly FieldPlan[]): InterfaceDeclarationStructure {
  const properties: OptionalKind<PropertySignatureStructure>[] = [];
  const oneofsDone = new Set<string>();
  for (const plan of plans) {
    const f = plan.field;
    if (f.oneof !== undefined) {
      if (oneofsDone.has(plan.prop)) continue;
      oneofsDone.add(plan.prop);
      const oneof = message.oneofs.find((o) => o.protoName === f.oneof);
      const members = plans.filter((q) => q.field.oneof === f.oneof);
      const union = [
        ...members.map((q) => `{ case: "${q.oneofCase}"; value: ${q.elementType} }`),
        "{ case: undefined; value?: undefined }",
      ].join("\n  | ");
      const memberDocs = members.map((q) => `- \`${q.oneofCase}\` (field ${q.field.number})${q.field.comment === undefined ? "" : `: ${q.field.comment.replace(/\s+/g, " ")}`}`);
      properties.push({
        name: plan.prop,
        type: `\n  | ${union}`,
        docs: docsOf(oneof ?? {}, [`Oneof \`${f.oneof}\`:\n${memberDocs.join("\n")}`]),
      });
      continue;
    }
    properties.push({
      name: plan.prop,
      type: propertyType(plan),
      hasQuestionToken: isOptionalProperty(plan),
      docs: docsOf(f, fieldDocs(f)),
    });
  }
  properties.push({
    name: "$unknown",
    type: "Uint8Array[]",
    hasQuestionToken: true,
    docs: ["Fields this code does not know, each whole (tag and value) as it arrived, in order: written back after the known fields, so nothing is lost passing the message on. Absent when there were none."],
  });
  return {
    kind: StructureKind.Interface,
    name: tsName,
    isExported: true,
    docs: docsOf(message, [`Protobuf message \`${message.typeName}\`.`, ...message.notes]),
    properties,
  };
}

function fieldInfo(ctx: FileContext, plan: FieldPlan): string {
  const f = plan.field;
  const name = plan.oneofCase ?? plan.prop;
  const parts = [`no: ${f.number}`, `name: "${name}"`, `jsonName: ${JSON.stringify(f.jsonName)}`, `protoName: "${f.protoName}"`];
  const typeRef = (): string => {
    if (f.type.kind === "scalar") return `"${f.type.scalar}"`;
    const id = ctx.ref(f.type.typeName);
    return f.type.kind === "enum" ? `() => ${ctx.runtime("enumType")}("${f.type.typeName}", ${id})` : `() => ${id}`;
  };
  const valueKind = f.type.kind;
  if (f.cardinality === "map") {
    parts.push(`kind: "map"`, `key: "${f.mapKey ?? "string"}"`, `value: { kind: "${valueKind}", type: ${typeRef()} }`);
  } else if (plan.wrapper !== undefined) {
    parts.push(`kind: "wrapper"`, `type: "${plan.wrapper}"`);
  } else {
    parts.push(`kind: "${valueKind}"`, `type: ${typeRef()}`);
  }
  if (f.cardinality === "repeated") parts.push("repeated: true");
  if (f.required && f.cardinality === "single" && f.oneof === undefined) parts.push("required: true");
  if (f.oneof !== undefined) parts.push(`oneof: "${plan.prop}"`);
  else if (f.cardinality === "single" && f.presence && f.type.kind !== "message") parts.push("presence: true");
  return `{ ${parts.join(", ")} }`;
}

/** `defaults: { … },` with each proto2 `[default = …]` of `plans` as a value, or `""` when none has one. */
function declaredDefaults(ctx: FileContext, plans: readonly FieldPlan[]): string {
  const entries = plans.flatMap((p) => {
    const f = p.field;
    if (f.defaultValue === undefined || f.cardinality !== "single" || f.oneof !== undefined) return [];
    const value = f.type.kind === "enum" ? `${ctx.ref(f.type.typeName)}.${String(f.defaultValue)}` : f.type.kind === "scalar" ? defaultLiteral(f.type.scalar, f.defaultValue) : undefined;
    return value === undefined ? [] : [`${p.prop}: ${value}`];
  });
  return entries.length === 0 ? "" : `  defaults: { ${entries.join(", ")} },`;
}

function indent(lines: readonly string[], by: string): string {
  return lines.map((l) => (l === "" ? "" : `${by}${l}`)).join("\n");
}

/** Statements (interface, value) for `message`. */
export function emitMessage(ctx: FileContext, message: MessageModel, fileExtensions: readonly string[] = []): StatementStructures[] {
  const tsName = ctx.lookup(message.typeName).tsName;
  const plans = planFields(ctx, message);
  const literal = defaultsLiteral(ctx, plans);
  const special = specialJson(message.typeName);
  const messageType = ctx.runtimeType("MessageType");
  const jsonValue = ctx.runtimeType("JsonValue");
  const writer = ctx.runtimeType("BinaryWriter");
  const reader = ctx.runtimeType("BinaryReader");
  const { toJson, fromJson } = jsonBodies(ctx, tsName, special);
  const fields = plans.map((p) => fieldInfo(ctx, p));
  const encode = encodeLines(ctx, message.typeName, plans);
  const decode = decodeLines(ctx, tsName, message.typeName, plans, literal);
  const body = [
    "{",
    `  typeName: "${message.typeName}",`,
    `  partialEncode: true,`,
    fields.length === 0 ? "  fields: []," : `  fields: [\n${indent(fields.map((f) => `${f},`), "    ")}\n  ],`,
    declaredDefaults(ctx, plans),
    `  create(init?: ${ctx.runtimeType("MessageInit")}<${tsName}>): ${tsName} {`,
    // Messages with message fields pass their type: nested inits are made whole by their own create.
    `    return ${ctx.runtime("initMessage")}<${tsName}>(${literal}, init${hasMessageFields(plans) ? `, ${tsName}` : ""});`,
    "  },",
    `  encode(m: ${tsName}): Uint8Array {`,
    `    const w = ${ctx.runtime("sharedWriter")}();`,
    // The writer only says that a value was invalid; encodeFailed finds which, and why.
    `    try {`,
    `      ${tsName}.encodeTo(m, w);`,
    `    } catch (e) {`,
    `      throw ${ctx.runtime("encodeFailed")}(${tsName}, m, e);`,
    `    }`,
    "    return w.finish();",
    "  },",
    `  encodeAppend(m: ${tsName}, sink: ${ctx.runtimeType("ByteSink")}): void {`,
    `    ${ctx.runtime("appendEncoded")}(sink, m, ${tsName}.encodeTo, ${tsName});`,
    "  },",
    `  decode(bytes: Uint8Array): ${tsName} {`,
    `    return ${tsName}.decodeFrom(${ctx.runtime("sharedReader")}(bytes), bytes.length, 0);`,
    "  },",
    `  decodeRange(bytes: Uint8Array, start: number, end: number): ${tsName} {`,
    `    return ${tsName}.decodeFrom(${ctx.runtime("sharedReader")}(bytes, start, end), end, 0);`,
    "  },",
    `  encodeTo(m: ${tsName}, w: ${writer}): void {`,
    indent(encode, "    "),
    "  },",
    `  decodeFrom(r: ${reader}, end: number, depth: number, into?: ${tsName}): ${tsName} {`,
    indent(decode, "    "),
    "  },",
    `  toJson(m: ${tsName}${optionsParam(ctx, toJson, "JsonWriteOptions")}): ${jsonValue} {`,
    `    return ${toJson};`,
    "  },",
    `  fromJson(j: ${jsonValue}${optionsParam(ctx, fromJson, "JsonReadOptions")}): ${tsName} {`,
    `    return ${fromJson};`,
    "  },",
    // The file's extensions, for registries made from its message types (lazy: they are declared below).
    fileExtensions.length === 0 ? "" : `  fileExtensions: () => [${fileExtensions.join(", ")}],`,
    `  fromJsonString(text: string, o?: ${ctx.runtimeType("JsonReadOptions")}): ${tsName} {`,
    `    return ${tsName}.fromJson(${ctx.runtime("parseJsonText")}(text), o);`,
    "  },",
    "}",
  ]
    .filter((l) => l !== "")
    .join("\n");
  return [
    interfaceOf(message, tsName, plans),
    {
      kind: StructureKind.VariableStatement,
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      docs: [`Codec, JSON mapping and field table of {@link ${tsName}} (\`${message.typeName}\`).`],
      declarations: [{ name: tsName, type: `${messageType}<${tsName}>`, initializer: body }],
    },
  ];
}

/** The `toJson`/`fromJson` bodies: the table-driven default, or a well-known type's helpers (only those are imported). */
function jsonBodies(ctx: FileContext, tsName: string, special: SpecialJson | undefined): { toJson: string; fromJson: string } {
  if (special === undefined) {
    return { toJson: `${ctx.runtime("messageToJson")}(${tsName}, m, o)`, fromJson: `${ctx.runtime("messageFromJson")}(${tsName}, j, o)` };
  }
  for (const name of special.imports) ctx.runtime(name);
  return { toJson: special.toJson, fromJson: special.fromJson };
}

/** The JSON options parameter, declared only when `body` reads it (generated code passes `noUnusedParameters`). */
function optionsParam(ctx: FileContext, body: string, type: "JsonWriteOptions" | "JsonReadOptions"): string {
  return /\bo\b/.test(body) ? `, o?: ${ctx.runtimeType(type)}` : "";
}

/** Whether any field of the message holds messages (alone, repeated, as map values or oneof members). */
function hasMessageFields(plans: readonly FieldPlan[]): boolean {
  return plans.some((p) => p.field.type.kind === "message" && p.wrapper === undefined);
}
