/**
 * Inside the checkout there is no build step: a script run with plain `bun`, wherever it sits in
 * the repository, imports `strand` and `@strand/*` from their sources (the root tsconfig's
 * `paths`), even when a `dist/` built for publishing exists beside them.
 */
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

const repo = join(import.meta.dir, "..", "..");
const dir = mkdtempSync(join(repo, "tmp-dev-")); // git-ignored; any folder of the checkout would do
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("plain bun anywhere in the checkout resolves every package to its src/", async () => {
  const script = join(dir, "resolve.ts");
  const names = ["strand", "strand/protobuf", "strand/service", "strand/errors", "strand/health", "strand/reflection", "strand/web", "@strand/rpc", "@strand/rpc/descriptors", "@strand/rpc/client", "@strand/tcp/web", "@strand/wire", "@strand/tcp", "@strand/protobuf", "@strand/otel", "@strand/metrics", "@strand/admin", "@strand/codegen"];
  writeFileSync(
    script,
    [
      'import { Code, createServer } from "strand";',
      'import { BinaryWriter } from "strand/protobuf";',
      `console.log(JSON.stringify({ code: Code.NotFound, server: typeof createServer, writer: typeof BinaryWriter, resolved: ${JSON.stringify(names)}.map((n) => import.meta.resolve(n)) }));`,
    ].join("\n"),
  );
  const proc = Bun.spawn([process.execPath, script], { cwd: dir, stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  expect(err).toBe("");
  expect(code).toBe(0);
  const result = JSON.parse(out) as { code: number; server: string; writer: string; resolved: string[] };
  expect([result.code, result.server, result.writer]).toEqual([5, "function", "function"]);
  const paths = result.resolved.map((url) => relative(repo, url.replace(/^file:\/\//, "")));
  for (const path of paths) expect(path).toMatch(/^(packages\/[a-z]+|codegen)\/src\/[a-z/-]+\.ts$/);
});
