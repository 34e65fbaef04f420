/**
 * The one order of a file's enums in the model, whatever produced it: file-level enums first, then
 * each message's, messages taken in pre-order — the order `FileDescriptorProto` lists them in, so
 * text mode (whose parser interleaves them as declared) and plugin mode emit them alike.
 */
import type { EnumModel } from "./model.ts";

/** `entries` ordered by `parent` (-1 for the file, else the parent message's pre-order index), stable within one parent. */
export function orderEnums(entries: ReadonlyArray<{ readonly model: EnumModel; readonly parent: number }>): EnumModel[] {
  return entries
    .map((e, i) => ({ ...e, i }))
    .sort((a, b) => a.parent - b.parent || a.i - b.i)
    .map((e) => e.model);
}
