import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { dirname } from "node:path";

const transpiler = new Bun.Transpiler({ loader: "ts" });

/** Every module reachable from `entry` by run-time imports (type-only imports are erased), with what each imports. */
function importGraph(entry: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const visit = (file: string): void => {
    if (graph.has(file)) return;
    const source = readFileSync(file, "utf8");
    const specifiers = transpiler.scanImports(source).map((i) => i.path);
    graph.set(file, specifiers);
    if (/\bBun\.[a-z]/.test(transpiler.transformSync(source))) specifiers.push("<the Bun global>");
    for (const specifier of specifiers) {
      if (specifier.startsWith("node:") || specifier === "bun" || specifier.startsWith("bun:") || specifier.startsWith("<")) continue;
      visit(Bun.resolveSync(specifier, dirname(file)));
    }
  };
  visit(entry);
  return graph;
}

function platformImports(entry: string): string[] {
  return [...importGraph(entry)].flatMap(([file, specifiers]) =>
    specifiers.filter((s) => s.startsWith("node:") || s === "bun" || s.startsWith("bun:") || s.startsWith("<")).map((s) => `${file}: ${s}`),
  );
}

// Generated code imports `strand/protobuf` and `strand/service` only; nothing Bun- or Node-only
// may be reachable from them, so the same generated files serve the browser client unchanged.
// `strand/errors` is generated code itself and must be as portable.
test("the entry points generated code imports, strand/errors, strand/health, strand/reflection and strand/web reach no Bun or Node module", () => {
  for (const entry of ["./protobuf.ts", "./service.ts", "./errors.ts", "./health.ts", "./reflection.ts", "./web.ts"]) {
    const path = new URL(entry, import.meta.url).pathname;
    expect(importGraph(path).size).toBeGreaterThan(1);
    expect(platformImports(path)).toEqual([]);
  }
});

test("the facade's main entry does reach them (it is the Bun server and channel side), so the check can tell", () => {
  const found = platformImports(new URL("./index.ts", import.meta.url).pathname);
  expect(found.some((f) => f.endsWith(": node:async_hooks"))).toBe(true);
  expect(found.some((f) => f.endsWith(": <the Bun global>"))).toBe(true);
});
