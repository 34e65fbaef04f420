/**
 * Turns proto comments and options into TSDoc for ts-morph: the comment text (with `*\/` made
 * harmless), `@deprecated` for `deprecated = true`, and extra notes.
 */
import { type JSDocStructure, type OptionalKind, StructureKind } from "ts-morph";
import type { Documented } from "./model.ts";

/** TSDoc for `item`, or an empty list when there is nothing to say. */
export function docsOf(item: Documented, extra: readonly string[] = []): OptionalKind<JSDocStructure>[] {
  const parts = [item.comment, ...extra].filter((s): s is string => s !== undefined && s !== "");
  const description = parts.map((s) => s.replace(/\*\//g, "*\\/").replace(/\r/g, "")).join("\n\n");
  const tags = item.deprecated === true ? [{ kind: StructureKind.JSDocTag as const, tagName: "deprecated" }] : [];
  if (description === "" && tags.length === 0) return [];
  return [{ ...(description === "" ? {} : { description }), tags }];
}
