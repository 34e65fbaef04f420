/**
 * The descriptors generated modules embed cost a browser bundle nothing: a page that uses a
 * generated client (`strand/health`'s, with `strand/web`) or a generated message with imports
 * (`strand/errors`' BadRequest, which imports google/protobuf/duration.proto) holds none of their
 * descriptor strings, because the constants are `@__PURE__` and unreferenced. Referencing one keeps
 * it, with the files it imports — which is how a tree-shaken server passes `reflection: { files }`.
 * Bundled with the real `bun build`, as an application would be.
 */
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { FileDescriptor } from "@strand/protobuf";
import { file_google_protobuf_duration } from "./gen/google/protobuf/duration.ts";
import { file_google_rpc_error_details } from "./gen/google/rpc/error_details.ts";
import { file_grpc_health_v1_health } from "./gen/grpc/health/v1/health.ts";

const repo = join(import.meta.dir, "..", "..", "..");
const dir = mkdtempSync(join(repo, "tmp-dev-bundle-")); // git-ignored; inside the checkout so `strand` resolves to its sources
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function bundle(name: string, source: string, target: "browser" | "bun" = "browser"): Promise<string> {
  const entry = join(dir, `${name}.ts`);
  const outfile = join(dir, `${name}.js`);
  writeFileSync(entry, source);
  const proc = Bun.spawn([process.execPath, "build", "--target", target, "--minify", entry, "--outfile", outfile], { cwd: dir, stdout: "pipe", stderr: "pipe" });
  const [err, code] = await Promise.all([new Response(proc.stderr).text(), proc.exited]);
  expect({ code, err }).toEqual({ code: 0, err: "" });
  return readFileSync(outfile, "utf8");
}

/** The embedded base64 of `file` (what generated code passes to `fileDescriptor`). */
function embedded(file: FileDescriptor): string {
  return Buffer.from(file.bytes).toString("base64");
}

const CLIENT = `import { createClient, createWebChannel } from "strand/web";
import { Health } from "strand/health";
import { BadRequest } from "strand/errors";
const client = createClient(Health, createWebChannel("ws://127.0.0.1:1/"));
console.log(await client.check({ service: "" }), BadRequest.create({}));
`;

test("a browser bundle of generated code holds no descriptor: not the service's, not a message's, not their imports'", async () => {
  const page = await bundle("client", CLIENT);
  expect(page).toContain("grpc.health.v1.Health");
  expect(page).toContain("google.rpc.BadRequest");
  for (const file of [file_grpc_health_v1_health, file_google_rpc_error_details, file_google_protobuf_duration]) {
    expect(page).not.toContain(embedded(file).slice(0, 40));
    expect(page).not.toContain(file.name);
  }
});

test("referencing a descriptor constant keeps it and what it imports (the escape hatch for tree-shaken servers)", async () => {
  const kept = await bundle("kept", `${CLIENT}import { file_google_rpc_error_details } from "strand/errors";\nconsole.log(file_google_rpc_error_details.name);\n`);
  expect(kept).toContain(embedded(file_google_rpc_error_details));
  expect(kept).toContain(embedded(file_google_protobuf_duration));
  expect(kept).not.toContain(embedded(file_grpc_health_v1_health));
});
