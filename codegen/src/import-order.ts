/**
 * A `.proto` file's imports as `FileDescriptorProto` lists them: every import in declaration
 * order, with the indexes of the `public` and `weak` ones. protobufjs keeps plain and public
 * imports in one list and weak ones in another, so the order and the modifiers are read from the
 * text (comments blanked out).
 */
import { stripComments } from "./diagnostic.ts";

/** `dependency`, `public_dependency` and `weak_dependency` of one file. */
export interface DeclaredImports {
  readonly dependencies: readonly string[];
  readonly publicDependencies: readonly number[];
  readonly weakDependencies: readonly number[];
}

const IMPORT = /(?<=^|[;{}])\s*import\s+(?:(public|weak)\s+)?(["'])([^"'\n]*)\2\s*;/g;

/**
 * The imports of `text`. `parsed` and `weak` are protobufjs's lists; should the scan of the text
 * disagree with them (a construct the pattern misreads), their order is used instead.
 */
export function declaredImports(text: string, parsed: readonly string[], weak: readonly string[]): DeclaredImports {
  const dependencies: string[] = [];
  const publicDependencies: number[] = [];
  const weakDependencies: number[] = [];
  for (const match of stripComments(text).matchAll(IMPORT)) {
    if (match[1] === "public") publicDependencies.push(dependencies.length);
    if (match[1] === "weak") weakDependencies.push(dependencies.length);
    dependencies.push(match[3] ?? "");
  }
  const expected = [...parsed, ...weak];
  if (dependencies.length === expected.length && [...dependencies].sort().join("\n") === [...expected].sort().join("\n")) {
    return { dependencies, publicDependencies, weakDependencies };
  }
  return { dependencies: expected, publicDependencies: [], weakDependencies: weak.map((_, i) => parsed.length + i) };
}
