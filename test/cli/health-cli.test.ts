/**
 * Issue 17: `strand health` as Kubernetes exec probes run it — the real `strand` bin started under
 * Node (it runs itself again on the repository's Bun) against real servers over TCP, TLS with a
 * private CA and mTLS, and a unix socket — and grpc_health_probe's exit codes: 0 serving,
 * 1 bad arguments, 2 connection failure, 3 RPC failure, 4 not serving, each with its one line.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer, type Server } from "strand";
import { TestService } from "@strand/rpc/testing";
import { createPki, type Issued, type TestPki } from "../support/pki.ts";

setDefaultTimeout(30_000);

const repo = join(import.meta.dir, "..", "..");
const bin = join(repo, "codegen", "bin", "strand.mjs");
const dir = mkdtempSync(join(tmpdir(), "strand-health-cli-"));
let pki: TestPki;
let serverPair: Issued;
let clientPair: Issued;

beforeAll(() => {
  pki = createPki();
  const ca = pki.ca("probe-ca");
  serverPair = ca.issue("localhost", ["DNS:localhost", "IP:127.0.0.1"]);
  clientPair = ca.issue("probe", ["DNS:probe.example"]);
  for (const [name, text] of Object.entries({ "ca.pem": serverPair.ca, "client.pem": clientPair.cert, "client.key": clientPair.key })) writeFileSync(join(dir, name), text);
});
afterAll(() => {
  pki[Symbol.dispose]();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `node strand.mjs health …` as a probe would; its exit code and both streams. */
async function probe(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = Bun.spawn(["node", bin, "health", ...args], { cwd: dir, stdout: "pipe", stderr: "pipe", env: { ...process.env, NO_COLOR: "1" } });
  const [stdout, stderr, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
  return { code, stdout, stderr };
}

async function tcpServer(options: Parameters<typeof createServer>[0] = {}): Promise<{ server: Server; target: string }> {
  const server = createServer(options).add(TestService, { echo: (m) => m });
  const { port } = await server.listen({ hostname: "127.0.0.1", port: 0 });
  return { server, target: `127.0.0.1:${String(port)}` };
}

describe("strand health", () => {
  test("0 for a serving server and service over TCP (options before or after the target); 4 with the status once NOT_SERVING", async () => {
    const { server, target } = await tcpServer();
    await using _ = server;
    expect(await probe(target)).toEqual({ code: 0, stdout: `${target}: the server is SERVING\n`, stderr: "" });
    expect((await probe("--timeout", "2s", target, TestService.typeName)).code).toBe(0);
    expect((await probe(target, TestService.typeName, "--timeout=2s", "-H", "x-probe: k8s")).code).toBe(0);
    server.health.set(TestService.typeName, "NOT_SERVING");
    expect(await probe(target, TestService.typeName)).toEqual({ code: 4, stdout: "", stderr: `strand health: ${TestService.typeName} at ${target} is NOT_SERVING\n` });
    expect((await probe(target)).code).toBe(0);
  });

  test("3 for an unknown service and for a server without the health service; 2 when nothing listens", async () => {
    const { server, target } = await tcpServer();
    await using _ = server;
    const unknown = await probe(target, "no.such.Service");
    expect([unknown.code, unknown.stderr]).toEqual([3, 'strand health: the check of no.such.Service failed: NotFound: unknown service "no.such.Service"\n']);
    const bare = await tcpServer({ health: false });
    await using __ = bare.server;
    const unimplemented = await probe(bare.target);
    expect(unimplemented.code).toBe(3);
    expect(unimplemented.stderr).toStartWith("strand health: the check of the server failed: Unimplemented:");
    const port = bare.target.split(":")[1]!;
    await bare.server.close();
    const refused = await probe(`127.0.0.1:${port}`);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toStartWith(`strand health: cannot connect to 127.0.0.1:${port}: `);
    expect(refused.stderr.split("\n")).toHaveLength(2); // one line
  });

  test("1 for bad arguments, each with its reason", async () => {
    for (const [args, reason] of [
      [[], "expected TARGET [SERVICE]"],
      [["127.0.0.1:1", "a", "b"], "expected TARGET [SERVICE]"],
      [["--bogus", "127.0.0.1:1"], 'unknown option "--bogus"'],
      [["127.0.0.1:1", "--timeout", "soon"], "--timeout expects a positive duration"],
      [["127.0.0.1:1", "--cert", "client.pem"], "--cert and --key go together"],
      [["not-a-target"], 'invalid target "not-a-target"'],
      [["127.0.0.1:1", "--cacert", "missing.pem"], "--cacert missing.pem:"],
    ] as const) {
      const out = await probe(...args);
      expect([out.code, out.stderr.includes(reason)]).toEqual([1, true]);
    }
  });

  test("TLS with a private CA, mTLS with a client certificate, and a unix socket", async () => {
    const tls = { key: serverPair.key, cert: serverPair.cert, ca: serverPair.ca, requestCert: true };
    const secure = await tcpServer({ tls });
    await using _ = secure.server;
    expect((await probe(secure.target, "--cacert", "ca.pem", "--cert", "client.pem", "--key", "client.key", "--server-name", "localhost")).code).toBe(0);
    // Without the client certificate the mTLS server refuses the connection.
    expect((await probe(secure.target, "--cacert", "ca.pem")).code).toBe(2);
    // Without the CA the server's certificate does not verify.
    const untrusted = await probe(secure.target, "--tls", "--cert", "client.pem", "--key", "client.key");
    expect(untrusted.code).toBe(2);
    const socket = join(dir, "health.sock");
    await using unix = createServer().add(TestService, { echo: (m) => m });
    await unix.listen({ unix: socket });
    expect(await probe(`unix:${socket}`)).toEqual({ code: 0, stdout: `unix:${socket}: the server is SERVING\n`, stderr: "" });
  });
});
