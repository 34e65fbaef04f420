/** The base TypeScript name of an extension constant (before {@link assignFileNames} makes it unique). */
import type { ExtensionModel } from "./model.ts";
import { jsonNameOf, safeIdentifier } from "./names.ts";

/** Enclosing messages joined by `_`, then the extension's lowerCamelCase name (`Outer_priority`). */
export function extensionIdentifier(ext: ExtensionModel): string {
  const parts = ext.localName.split(".");
  const last = jsonNameOf(parts.pop()!);
  return safeIdentifier(parts.length === 0 ? last : `${parts.join("_")}_${last}`);
}
