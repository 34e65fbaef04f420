/**
 * Emits a service as the `strand/service` descriptor value plus its `Client` and `Handlers` types. The
 * code is only builder calls: dispatch, streaming and typing live in the runtime (`@strand/rpc`).
 */
import { type StatementStructures, StructureKind, VariableDeclarationKind } from "ts-morph";
import { docsOf } from "./docs.ts";
import type { FileContext } from "./file-context.ts";
import type { MethodModel, ServiceModel } from "./model.ts";
import { methodName } from "./names.ts";

function kindOf(m: MethodModel): string {
  if (m.clientStreaming && m.serverStreaming) return "bidi_streaming";
  if (m.clientStreaming) return "client_streaming";
  if (m.serverStreaming) return "server_streaming";
  return "unary";
}

function docLines(m: MethodModel): string[] {
  const parts = [m.comment?.replace(/\*\//g, "*\\/"), m.deprecated === true ? "@deprecated" : undefined].filter((s): s is string => s !== undefined);
  if (parts.length === 0) return [];
  const text = parts.join("\n\n").split("\n");
  return ["/**", ...text.map((l) => (l === "" ? " *" : ` * ${l}`)), " */"];
}

/** Statements for service `s`. */
export function emitService(ctx: FileContext, s: ServiceModel, name: string): StatementStructures[] {
  const methodLines: string[] = [];
  for (const m of s.methods) {
    const options = m.idempotency === "unknown" ? "" : `, { idempotency: "${m.idempotency}" }`;
    methodLines.push(
      ...docLines(m),
      `${methodName(m.name)}: ${ctx.rpc("method")}("${s.typeName}", "${m.name}", "${kindOf(m)}", ${ctx.ref(m.inputType)}, ${ctx.ref(m.outputType)}${options}),`,
    );
  }
  const body = methodLines.length === 0 ? "{}" : `{\n${methodLines.map((l) => `  ${l}`).join("\n")}\n}`;
  return [
    {
      kind: StructureKind.VariableStatement,
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      docs: docsOf(s, [`Protobuf service \`${s.typeName}\`.`]),
      declarations: [{ name, initializer: `${ctx.rpc("service")}("${s.typeName}", ${body})` }],
    },
    {
      kind: StructureKind.TypeAlias,
      isExported: true,
      name: `${name}Client`,
      docs: [`A typed client of {@link ${name}} (see \`createClient\`).`],
      type: `${ctx.rpcType("Client")}<typeof ${name}>`,
    },
    {
      kind: StructureKind.TypeAlias,
      isExported: true,
      name: `${name}Handlers`,
      docs: [`The handlers a server implements for {@link ${name}} (see \`server.add\`).`],
      type: `${ctx.rpcType("ServiceHandlers")}<typeof ${name}>`,
    },
  ];
}
