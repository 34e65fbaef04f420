/**
 * The model's files by `.proto` path: where each one's module is and what its descriptor constant
 * is called, so a module can import the descriptors of the files it depends on.
 */
import { assignFileNames } from "./file-names.ts";
import type { FileModel, Model } from "./model.ts";
import { outputPath } from "./names.ts";

/** One file of the model, as other modules see it. */
export interface IndexedFile {
  readonly model: FileModel;
  /** Output path of its module, e.g. `acme/shop/v1/shop.ts`. */
  readonly outFile: string;
  /** Its descriptor constant, e.g. `file_acme_shop_v1_shop`. */
  readonly descriptor: string;
}

/** The files of a model, and which of them declares a type. */
export interface FileIndex {
  readonly byPath: ReadonlyMap<string, IndexedFile>;
  /** The `.proto` path declaring a message or enum (fully-qualified name), if the model has it. */
  declaringFile(typeName: string): string | undefined;
}

/** Indexes every file of `model`. */
export function indexFiles(model: Model): FileIndex {
  const byPath = new Map<string, IndexedFile>();
  const byType = new Map<string, string>();
  for (const file of model.files) {
    byPath.set(file.protoPath, { model: file, outFile: outputPath(file.protoPath), descriptor: assignFileNames(file).descriptor });
    for (const t of [...file.messages, ...file.enums]) byType.set(t.typeName, file.protoPath);
  }
  return { byPath, declaringFile: (typeName) => byType.get(typeName) };
}
