/**
 * `strand/errors` costs only its users: a browser bundle of code that imports `strand` alone holds
 * none of the `google.rpc` types, and one that imports a single type from `strand/errors` holds
 * that type and what it references, not the rest (tree shaking). Bundled with the real
 * `bun build --target browser`, as an application would be.
 */
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const repo = join(import.meta.dir, "..", "..", "..");
const dir = mkdtempSync(join(repo, "tmp-dev-bundle-")); // git-ignored; inside the checkout so `strand` resolves to its sources
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Bundles `source` for the browser (minified) and returns the bundle's text. */
async function bundle(name: string, source: string): Promise<string> {
  const entry = join(dir, `${name}.ts`);
  const outfile = join(dir, `${name}.js`);
  writeFileSync(entry, source);
  const proc = Bun.spawn([process.execPath, "build", "--target", "browser", "--minify", entry, "--outfile", outfile], { cwd: dir, stdout: "pipe", stderr: "pipe" });
  const [err, code] = await Promise.all([new Response(proc.stderr).text(), proc.exited]);
  expect({ code, err }).toEqual({ code: 0, err: "" });
  return readFileSync(outfile, "utf8");
}

const USES_STRAND = `import { Code, RpcError, errorDetail } from "strand";
const error = new RpcError(Code.InvalidArgument, "amount must be positive");
console.log(error.findDetails, errorDetail, JSON.stringify(error));
`;

const RPC_TYPES = /google\.rpc\.(ErrorInfo|RetryInfo|DebugInfo|QuotaFailure|PreconditionFailure|BadRequest|RequestInfo|ResourceInfo|Help|LocalizedMessage|Status)\b/g;

test("a browser bundle without strand/errors holds no google.rpc type; importing one type adds only it", async () => {
  const without = await bundle("without", USES_STRAND);
  expect(without.match(RPC_TYPES) ?? []).toEqual([]);
  expect(without).not.toContain("google.protobuf.Duration");

  const importedUnused = await bundle("unused", `${USES_STRAND}import { BadRequest } from "strand/errors";\n`);
  expect(importedUnused.match(RPC_TYPES) ?? []).toEqual([]);
  expect(importedUnused.length).toBe(without.length);

  const withBadRequest = await bundle(
    "with",
    `${USES_STRAND}import { BadRequest } from "strand/errors";
console.log(errorDetail(BadRequest, { fieldViolations: [{ field: "amount", description: "must be > 0" }] }));
`,
  );
  // BadRequest, its nested FieldViolation and the LocalizedMessage that one references; nothing else.
  expect([...new Set(withBadRequest.match(RPC_TYPES))].sort()).toEqual(["google.rpc.BadRequest", "google.rpc.LocalizedMessage"]);
  expect(withBadRequest).toContain("google.rpc.BadRequest.FieldViolation");
  expect(withBadRequest).not.toContain("google.protobuf.Duration");
  expect(withBadRequest.length).toBeGreaterThan(without.length);
});
