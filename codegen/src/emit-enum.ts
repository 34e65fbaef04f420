/**
 * Emits a proto enum as a numeric TypeScript enum keeping the proto value names (so values from
 * newer peers, unknown here, still round-trip as plain numbers).
 */
import { type EnumDeclarationStructure, StructureKind } from "ts-morph";
import { docsOf } from "./docs.ts";
import type { EnumModel } from "./model.ts";

/**
 * Member names TypeScript rejects in enums, or that would not be a plain property (`__proto__`
 * would set the enum object's prototype); escaped with `$` (the runtime strips it for JSON).
 */
const BAD_MEMBERS = new Set(["NaN", "Infinity", "__proto__"]);

/** The enum declaration for `e`. */
export function emitEnum(e: EnumModel, name: string): EnumDeclarationStructure {
  return {
    kind: StructureKind.Enum,
    name,
    isExported: true,
    docs: docsOf(e, [`Protobuf enum \`${e.typeName}\`.`]),
    members: e.values.map((v) => ({
      name: BAD_MEMBERS.has(v.name) ? `${v.name}$` : v.name,
      value: v.number,
      docs: docsOf(v),
    })),
  };
}
