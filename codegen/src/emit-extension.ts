/**
 * Emits one extension as a constant `Extension<Extendee, Value>` (see the runtime's extension.ts):
 * its full name, the message it extends and its field descriptor, which `getExtension`,
 * `setExtension`, `hasExtension`, `clearExtension` and JSON (through a registry) work from.
 */
import { StructureKind, type StatementStructures, VariableDeclarationKind } from "ts-morph";
import type { FileContext } from "./file-context.ts";
import { valueTsType } from "./field-plan.ts";
import type { ExtensionModel } from "./model.ts";

/** The statement for `ext`, a constant called `name`. */
export function emitExtension(ctx: FileContext, ext: ExtensionModel, name: string): StatementStructures {
  const f = ext.field;
  const element = valueTsType(ctx, f.type);
  const value = f.cardinality === "repeated" ? `${element}[]` : element;
  const type = f.type.kind === "scalar" ? `"${f.type.scalar}"` : f.type.kind === "enum"
    ? `() => ${ctx.runtime("enumType")}("${f.type.typeName}", ${ctx.ref(f.type.typeName)})`
    : `() => ${ctx.ref(f.type.typeName)}`;
  const field = [
    `no: ${f.number}`,
    `name: "${name}"`,
    `jsonName: "[${ext.typeName}]"`,
    `protoName: "${f.protoName}"`,
    `kind: "${f.type.kind}"`,
    `type: ${type}`,
    ...(f.cardinality === "repeated" ? ["repeated: true"] : []),
  ];
  const props = [
    `typeName: "${ext.typeName}"`,
    `extendee: "${ext.extendee}"`,
    `field: { ${field.join(", ")} }`,
    ...(f.packed ? ["packed: true"] : []),
    ...(f.delimited === true ? ["delimited: true"] : []),
    ...(ext.messageSet ? ["messageSet: true"] : []),
  ];
  const extendee = ctx.ref(ext.extendee);
  return {
    kind: StructureKind.VariableStatement,
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: [[`Extension \`${ext.typeName}\` of {@link ${extendee}} (field ${f.number}).`, ...(f.comment === undefined ? [] : [f.comment])].join("\n\n")],
    declarations: [{ name, type: `${ctx.runtimeType("Extension")}<${extendee}, ${value}>`, initializer: `{\n${props.map((p) => `  ${p},`).join("\n")}\n}` }],
  };
}
