/**
 * Node cannot run TypeScript, so the grpc-js workers are bundled to plain ESM for Node at the start
 * of every run (into packages/bench/dist/, git-ignored) — always from the current sources, never
 * stale. grpc-js, proto-loader and hdr-histogram-js stay external: Node loads the very same
 * installed packages that Bun does.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";

/** Bundled entry points, by worker name. */
export interface NodeBundles {
  readonly server: string;
  readonly client: string;
}

/** Bundles `src/workers/grpc-{server,client}.ts` into `<root>/dist/*.mjs`. */
export async function buildNodeBundles(root: string): Promise<NodeBundles> {
  const outdir = join(root, "dist");
  mkdirSync(outdir, { recursive: true });
  const result = await Bun.build({
    entrypoints: [join(root, "src/workers/grpc-server.ts"), join(root, "src/workers/grpc-client.ts")],
    outdir,
    target: "node",
    format: "esm",
    naming: "[name].mjs",
    external: ["@grpc/grpc-js", "@grpc/proto-loader", "hdr-histogram-js"],
  });
  if (!result.success) throw new AggregateError(result.logs, "bundling the grpc-js workers for Node failed");
  return { server: join(outdir, "grpc-server.mjs"), client: join(outdir, "grpc-client.mjs") };
}
