/**
 * `.proto` text of one definition of a {@link Model}, for `strand describe`: what a person would
 * read in the source file (comments, labels, maps, oneofs, nested types, options that change
 * meaning), rebuilt from a schema that may have come from reflection, where no source exists.
 */
import type { EnumModel, FieldModel, FileModel, MessageModel, MethodModel, ServiceModel, ValueType } from "../model.ts";

/** One definition found by name, and the file that holds it. */
export type Definition =
  | { readonly kind: "service"; readonly file: FileModel; readonly service: ServiceModel }
  | { readonly kind: "method"; readonly file: FileModel; readonly service: ServiceModel; readonly method: MethodModel }
  | { readonly kind: "message"; readonly file: FileModel; readonly message: MessageModel }
  | { readonly kind: "enum"; readonly file: FileModel; readonly enum: EnumModel };

/** Finds `symbol` (fully qualified, an optional leading dot allowed) among `files`. */
export function findDefinition(files: readonly FileModel[], symbol: string): Definition | undefined {
  const name = symbol.replace(/^\./, "");
  for (const file of files) {
    for (const service of file.services) {
      if (service.typeName === name) return { kind: "service", file, service };
      for (const method of service.methods) if (`${service.typeName}.${method.name}` === name || `${service.typeName}/${method.name}` === name) return { kind: "method", file, service, method };
    }
    for (const message of file.messages) if (message.typeName === name) return { kind: "message", file, message };
    for (const e of file.enums) if (e.typeName === name) return { kind: "enum", file, enum: e };
  }
  return undefined;
}

/** `.proto` text of `definition`; a message includes the messages and enums nested in it. */
export function protoText(definition: Definition): string {
  switch (definition.kind) {
    case "service":
      return serviceText(definition.service);
    case "method":
      return comment(definition.method.comment, "") + rpcLine(definition.method, "") + "\n";
    case "message":
      return messageText(definition.file, definition.message, "");
    case "enum":
      return enumText(definition.enum, "");
  }
}

function comment(text: string | undefined, indent: string): string {
  if (text === undefined || text.trim() === "") return "";
  return text.trimEnd().split("\n").map((line) => `${indent}//${line === "" ? "" : ` ${line}`}\n`).join("");
}

function lastSegment(name: string): string {
  return name.slice(name.lastIndexOf(".") + 1);
}

function rpcLine(method: MethodModel, indent: string): string {
  const input = `${method.clientStreaming ? "stream " : ""}${method.inputType}`;
  const output = `${method.serverStreaming ? "stream " : ""}${method.outputType}`;
  const options: string[] = [];
  if (method.deprecated === true) options.push("option deprecated = true;");
  if (method.idempotency !== "unknown") options.push(`option idempotency_level = ${method.idempotency.toUpperCase()};`);
  const body = options.length === 0 ? ";" : ` {\n${options.map((o) => `${indent}  ${o}\n`).join("")}${indent}}`;
  return `${indent}rpc ${method.name}(${input}) returns (${output})${body}`;
}

function serviceText(service: ServiceModel): string {
  const lines = [comment(service.comment, ""), `service ${lastSegment(service.typeName)} {\n`];
  for (const method of service.methods) lines.push(comment(method.comment, "  "), rpcLine(method, "  "), "\n");
  lines.push("}\n");
  return lines.join("");
}

function typeText(type: ValueType): string {
  return type.kind === "scalar" ? type.scalar : type.typeName;
}

function fieldText(file: FileModel, field: FieldModel, indent: string, inOneof: boolean): string {
  let label = "";
  if (field.cardinality === "repeated") label = "repeated ";
  else if (field.required) label = "required ";
  else if (!inOneof && field.cardinality === "single" && field.presence && (file.syntax === "proto2" || field.type.kind !== "message")) label = "optional ";
  const type = field.cardinality === "map" ? `map<${field.mapKey ?? "string"}, ${typeText(field.type)}>` : typeText(field.type);
  const options: string[] = [];
  if (field.defaultValue !== undefined) options.push(`default = ${typeof field.defaultValue === "string" && field.type.kind === "scalar" ? JSON.stringify(field.defaultValue) : String(field.defaultValue)}`);
  if (field.deprecated === true) options.push("deprecated = true");
  const suffix = options.length === 0 ? "" : ` [${options.join(", ")}]`;
  return `${comment(field.comment, indent)}${indent}${label}${type} ${field.protoName} = ${field.number}${suffix};\n`;
}

function messageText(file: FileModel, message: MessageModel, indent: string): string {
  const out = [comment(message.comment, indent), `${indent}message ${lastSegment(message.typeName)} {\n`];
  const inner = `${indent}  `;
  const isChild = (typeName: string): boolean => typeName.startsWith(`${message.typeName}.`) && !typeName.slice(message.typeName.length + 1).includes(".");
  for (const nested of file.messages) if (isChild(nested.typeName)) out.push(messageText(file, nested, inner));
  for (const nested of file.enums) if (isChild(nested.typeName)) out.push(enumText(nested, inner));
  const written = new Set<string>();
  for (const field of message.fields) {
    if (field.oneof === undefined) {
      out.push(fieldText(file, field, inner, false));
      continue;
    }
    if (written.has(field.oneof)) continue;
    written.add(field.oneof);
    const oneof = message.oneofs.find((o) => o.protoName === field.oneof);
    out.push(comment(oneof?.comment, inner), `${inner}oneof ${field.oneof} {\n`);
    for (const member of message.fields) if (member.oneof === field.oneof) out.push(fieldText(file, member, `${inner}  `, true));
    out.push(`${inner}}\n`);
  }
  out.push(`${indent}}\n`);
  return out.join("");
}

function enumText(e: EnumModel, indent: string): string {
  const out = [comment(e.comment, indent), `${indent}enum ${lastSegment(e.typeName)} {\n`];
  for (const value of e.values) out.push(comment(value.comment, `${indent}  `), `${indent}  ${value.name} = ${value.number}${value.deprecated === true ? " [deprecated = true]" : ""};\n`);
  out.push(`${indent}}\n`);
  return out.join("");
}
