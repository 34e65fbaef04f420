import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { Code } from "./code.ts";
import { Metadata } from "./metadata.ts";
import { RpcError } from "./rpc-error.ts";

/** The modules of this folder that `file` imports at run time (`scanImports` leaves out type-only imports). */
function runtimeImports(file: string): string[] {
  const source = readFileSync(join(import.meta.dir, file), "utf8");
  return new Bun.Transpiler({ loader: "ts" })
    .scanImports(source)
    .map((i) => i.path)
    .filter((path) => path.startsWith("./"))
    .map((path) => join(dirname(file), path));
}

/** Every module of this folder reachable from `file` at run time. */
function reachable(file: string): Set<string> {
  const seen = new Set<string>();
  const todo = [file];
  for (let next = todo.pop(); next !== undefined; next = todo.pop()) {
    for (const dep of runtimeImports(next)) if (!seen.has(dep)) todo.push((seen.add(dep), dep));
  }
  return seen;
}

test("metadata.ts and rpc-error.ts are not in a run-time import cycle, directly or through other modules", () => {
  const metadataReachesRpcError = reachable("metadata.ts").has("rpc-error.ts");
  const rpcErrorReachesMetadata = reachable("rpc-error.ts").has("metadata.ts");
  expect(metadataReachesRpcError && rpcErrorReachesMetadata).toBe(false);
});

test("invalid metadata is still an InvalidArgument RpcError", () => {
  for (const bad of [() => new Metadata({ "Bad Name": "x" }), () => new Metadata().set("x-bin", "not base64!"), () => new Metadata().append("x", "\n")]) {
    let error: unknown;
    try {
      bad();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RpcError);
    expect((error as RpcError).code).toBe(Code.InvalidArgument);
  }
  expect(() => new RpcError(Code.Aborted, "x", { metadata: { "Bad Name": "x" } })).toThrow(RpcError);
});

test("metadata loaded without RpcError still rejects invalid input, with a TypeError", () => {
  const script = `
    const { Metadata } = await import(${JSON.stringify(join(import.meta.dir, "metadata.ts"))});
    try { new Metadata({ "Bad Name": "x" }); } catch (e) { console.log(e.constructor.name + ": " + e.message); }`;
  const run = Bun.spawnSync([process.execPath, "-e", script]);
  expect(run.stdout.toString().trim()).toBe('TypeError: invalid metadata name "Bad Name"');
});
