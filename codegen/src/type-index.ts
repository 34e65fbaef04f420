/**
 * An index of every type in the model by fully-qualified name: which output file declares it and
 * under which TypeScript name, so references across files resolve to relative imports.
 */
import type { EnumModel, FileModel, MessageModel, Model } from "./model.ts";
import { assignFileNames } from "./file-names.ts";
import { outputPath } from "./names.ts";

/** Where a type lives in generated code. */
export type IndexedType =
  | { readonly kind: "message"; readonly tsName: string; readonly outFile: string; readonly model: MessageModel }
  | { readonly kind: "enum"; readonly tsName: string; readonly outFile: string; readonly model: EnumModel };

/** Builds the index over all files of `model`. */
export function indexTypes(model: Model): ReadonlyMap<string, IndexedType> {
  const index = new Map<string, IndexedType>();
  const add = (file: FileModel): void => {
    const outFile = outputPath(file.protoPath);
    const names = assignFileNames(file).types;
    for (const m of file.messages) index.set(m.typeName, { kind: "message", tsName: names.get(m.typeName)!, outFile, model: m });
    for (const e of file.enums) index.set(e.typeName, { kind: "enum", tsName: names.get(e.typeName)!, outFile, model: e });
  };
  for (const file of model.files) add(file);
  return index;
}
