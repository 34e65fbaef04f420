/**
 * Issue 17: `strand call`, `list` and `describe` as a person or a script runs them — the real
 * `strand` bin started under Node (it runs itself again on the repository's Bun) against real
 * servers: the four-call-kinds Echo, over TCP, TLS (mTLS) and a unix socket, with the schema from
 * `--proto`/`-I` files or by reflection (the shop example's test runs them against its services).
 * Piped output is one JSON message per line; on a terminal (a pseudo-terminal from `script`) it
 * is indented, coloured and footed.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Code, createServer, errorDetail, RpcError, type Server } from "strand";
import { BadRequest } from "strand/errors";
import { Echo } from "../gen/acme/echo/v1/echo.ts";
import { createPki, type Issued, type TestPki } from "../support/pki.ts";

setDefaultTimeout(30_000);

const repo = join(import.meta.dir, "..", "..");
const bin = join(repo, "codegen", "bin", "strand.mjs");
const echoProtos = join(repo, "test", "proto");
const dir = mkdtempSync(join(tmpdir(), "strand-call-cli-"));
let pki: TestPki;
let serverPair: Issued;
let clientPair: Issued;

beforeAll(() => {
  pki = createPki();
  const ca = pki.ca("cli-ca");
  serverPair = ca.issue("localhost", ["DNS:localhost", "IP:127.0.0.1"]);
  clientPair = ca.issue("cli", ["DNS:cli.example"]);
  const files = { "ca.pem": serverPair.ca, "client.pem": clientPair.cert, "client.key": clientPair.key, "notes.ndjson": '{"text":"x","n":4}\n\n{"text":"y","n":5}\n' };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
});
afterAll(() => {
  pki[Symbol.dispose]();
  rmSync(dir, { recursive: true, force: true });
});

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node strand.mjs …` with `stdin` piped in; its exit code and both streams. */
async function strand(args: readonly string[], stdin = ""): Promise<Run> {
  const child = Bun.spawn(["node", bin, ...args], { cwd: dir, stdin: new TextEncoder().encode(stdin), stdout: "pipe", stderr: "pipe", env: { ...process.env, NO_COLOR: "1" } });
  const [stdout, stderr, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
  return { code, stdout, stderr };
}

/** An Echo server: `Say` fails with NOT_FOUND and a BadRequest detail for the text "fail". */
async function echoServer(options: Parameters<typeof createServer>[0] = {}): Promise<Server> {
  return createServer(options).add(Echo, {
    say(note) {
      if (note.text === "fail") throw new RpcError(Code.NotFound, "no such note", { details: [errorDetail(BadRequest, { fieldViolations: [{ field: "text", description: "is fail" }] })] });
      return { text: note.text.toUpperCase(), n: note.n + 1 };
    },
    async *count(note) {
      for (let i = 0; i < note.n; i++) yield { text: note.text, n: i };
    },
    async sum(notes) {
      let text = "";
      let n = 0;
      for await (const note of notes) [text, n] = [text + note.text, n + note.n];
      return { text, n };
    },
    async *chat(notes) {
      for await (const note of notes) yield { text: `re: ${note.text}`, n: note.n };
    },
  });
}

const echoSchema = ["-I", echoProtos];

describe("strand call with --proto / -I", () => {
  let server: Server;
  let target: string;
  beforeAll(async () => {
    server = await echoServer();
    target = `127.0.0.1:${(await server.listen({ hostname: "127.0.0.1", port: 0 })).port}`;
  });
  afterAll(() => server.close());

  test("all four call kinds, piped: one JSON message per line", async () => {
    expect(await strand(["call", target, "acme.echo.v1.Echo/Say", '{"text":"hi","n":1}', ...echoSchema])).toEqual({ code: 0, stdout: '{"text":"HI","n":2}\n', stderr: "" });
    expect((await strand(["call", ...echoSchema, target, "acme.echo.v1.Echo.Count", "-d", '{"text":"c","n":3}'])).stdout).toBe('{"text":"c"}\n{"text":"c","n":1}\n{"text":"c","n":2}\n');
    expect((await strand(["call", target, "acme.echo.v1.Echo/Sum", ...echoSchema], '{"text":"a","n":1}\n{"text":"b","n":2}\n')).stdout).toBe('{"text":"ab","n":3}\n');
    expect((await strand(["call", target, "acme.echo.v1.Echo/Chat", ...echoSchema], '{"text":"a","n":1}\n{"text":"b"}\n')).stdout).toBe('{"text":"re: a","n":1}\n{"text":"re: b"}\n');
  });

  test("requests from -d @file and -d @-, {} when none is given, --proto relative to -I", async () => {
    expect((await strand(["call", target, "acme.echo.v1.Echo/Sum", "-d", "@notes.ndjson", ...echoSchema])).stdout).toBe('{"text":"xy","n":9}\n');
    expect((await strand(["call", target, "acme.echo.v1.Echo/Say", "-d", "@-", ...echoSchema], '{\n  "text": "multi-line"\n}\n')).stdout).toBe('{"text":"MULTI-LINE","n":1}\n');
    expect((await strand(["call", target, "acme.echo.v1.Echo/Say", "--proto", "acme/echo/v1/echo.proto", ...echoSchema])).stdout).toBe('{"n":1}\n');
  });

  test("an RPC error prints its code name, message and details, and exits 64 + code", async () => {
    const run = await strand(["call", target, "acme.echo.v1.Echo/Say", '{"text":"fail"}', ...echoSchema]);
    expect(run.code).toBe(64 + Code.NotFound);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe('ERROR: NotFound: no such note\ndetails: [{"@type":"type.googleapis.com/google.rpc.BadRequest","fieldViolations":[{"field":"text","description":"is fail"}]}]\n');
  });

  test("bad input exits 1 with the reason; nothing listening exits 2", async () => {
    for (const [args, stdin, reason] of [
      [["call", target, "acme.echo.v1.Echo/Say", '{"txt":"x"}'], "", "not a valid acme.echo.v1.Note in JSON"],
      [["call", target, "acme.echo.v1.Echo/Say", "{"], "", "not a valid acme.echo.v1.Note in JSON"],
      [["call", target, "acme.echo.v1.Echo/Sum"], '{"n":1}\n{"n":"many"}\n', "not a valid acme.echo.v1.Note in JSON"],
      [["call", target, "acme.echo.v1.Echo/Shout"], "", "acme.echo.v1.Echo has no method Shout (methods: Say, Count, Sum, Chat)"],
      [["call", target, "acme.echo.v1.Nope/Say"], "", "service acme.echo.v1.Nope not found"],
      [["call", target, "Say"], "", "expected a method as pkg.Service/Method"],
      [["call", target, "acme.echo.v1.Echo/Say", "{}", "-d", "{}"], "", "either as an argument or with -d"],
      [["call", target, "acme.echo.v1.Echo/Sum", "-d", "@missing.ndjson"], "", "-d @missing.ndjson:"],
    ] as const) {
      const run = await strand([...args, ...echoSchema], stdin);
      expect([run.code, run.stderr]).toEqual([1, expect.stringContaining(reason)]);
    }
    const refused = await strand(["call", "127.0.0.1:1", "acme.echo.v1.Echo/Say", ...echoSchema]);
    expect([refused.code, refused.stderr]).toEqual([2, expect.stringMatching(/^strand call: cannot connect to 127\.0\.0\.1:1: /)]);
  });

  test("list and describe read the --proto files", async () => {
    expect(await strand(["list", target, ...echoSchema])).toEqual({ code: 0, stdout: "acme.echo.v1.Echo\n", stderr: "" });
    expect((await strand(["list", target, "acme.echo.v1.Echo", ...echoSchema])).stdout).toBe("acme.echo.v1.Echo.Say\nacme.echo.v1.Echo.Count\nacme.echo.v1.Echo.Sum\nacme.echo.v1.Echo.Chat\n");
    expect((await strand(["describe", target, "acme.echo.v1.Echo/Count", ...echoSchema])).stdout).toBe("acme.echo.v1.Echo.Count is a method in acme/echo/v1/echo.proto:\nrpc Count(acme.echo.v1.Note) returns (stream acme.echo.v1.Note);\n");
    const missing = await strand(["describe", target, "acme.echo.v1.Missing", ...echoSchema]);
    expect([missing.code, missing.stderr]).toEqual([1, "strand describe: symbol acme.echo.v1.Missing not found\n"]);
  });
});

describe("strand call, list and describe by reflection, over TLS and a unix socket", () => {
  test("mTLS with a private CA: the four call kinds, list and describe read the schema from the server", async () => {
    await using secure = await echoServer({ reflection: true, tls: { key: serverPair.key, cert: serverPair.cert, ca: serverPair.ca, requestCert: true } });
    const target = `127.0.0.1:${(await secure.listen({ hostname: "127.0.0.1", port: 0 })).port}`;
    const tls = ["--cacert", "ca.pem", "--cert", "client.pem", "--key", "client.key", "--server-name", "localhost"];
    expect((await strand(["call", target, "acme.echo.v1.Echo/Count", '{"text":"t","n":2}', ...tls])).stdout).toBe('{"text":"t"}\n{"text":"t","n":1}\n');
    expect((await strand(["call", target, "acme.echo.v1.Echo/Sum", ...tls], '{"n":2}\n{"n":3}\n')).stdout).toBe('{"n":5}\n');
    expect((await strand(["call", target, "acme.echo.v1.Echo/Say", '{"text":"tls"}', ...tls])).stdout).toBe('{"text":"TLS","n":1}\n');
    expect((await strand(["call", target, "acme.echo.v1.Echo/Chat", ...tls], '{"text":"a"}\n{"text":"b"}\n')).stdout).toBe('{"text":"re: a"}\n{"text":"re: b"}\n');
    expect((await strand(["list", target, ...tls])).stdout).toBe("acme.echo.v1.Echo\ngrpc.health.v1.Health\ngrpc.reflection.v1.ServerReflection\ngrpc.reflection.v1alpha.ServerReflection\n");
    expect((await strand(["describe", target, "acme.echo.v1.Note", ...tls])).stdout).toBe("acme.echo.v1.Note is a message in acme/echo/v1/echo.proto:\nmessage Note {\n  string text = 1;\n  int32 n = 2;\n}\n");
    // Without the client certificate the mTLS server refuses the connection.
    expect((await strand(["call", target, "acme.echo.v1.Echo/Say", "--cacert", "ca.pem"])).code).toBe(2);
  });

  test("a unix socket (the four call kinds), and a server without reflection", async () => {
    const socket = join(dir, "call.sock");
    await using unix = await echoServer({ reflection: true });
    await unix.listen({ unix: socket });
    expect((await strand(["call", `unix:${socket}`, "acme.echo.v1.Echo/Chat"], '{"text":"u"}\n')).stdout).toBe('{"text":"re: u"}\n');
    expect((await strand(["call", `unix:${socket}`, "acme.echo.v1.Echo/Say", "-d", '{"text":"s"}'])).stdout).toBe('{"text":"S","n":1}\n');
    expect((await strand(["call", `unix:${socket}`, "acme.echo.v1.Echo/Count", '{"text":"u","n":2}'])).stdout).toBe('{"text":"u"}\n{"text":"u","n":1}\n');
    expect((await strand(["call", `unix:${socket}`, "acme.echo.v1.Echo/Sum"], '{"text":"x","n":1}\n{"text":"y","n":1}\n')).stdout).toBe('{"text":"xy","n":2}\n');
    const missing = await strand(["describe", `unix:${socket}`, "acme.echo.v1.Nope"]);
    expect([missing.code, missing.stderr]).toEqual([1, 'strand describe: symbol "acme.echo.v1.Nope" not found\n']);
    await using plain = await echoServer();
    const target = `127.0.0.1:${(await plain.listen({ hostname: "127.0.0.1", port: 0 })).port}`;
    const none = await strand(["list", target]);
    expect([none.code, none.stderr]).toEqual([64 + Code.Unimplemented, expect.stringContaining("does not offer reflection")]);
    expect(none.stderr).toContain("give the schema with --proto FILE or -I DIR");
  });
});

describe("on a terminal", () => {
  test("indented, coloured JSON and a status footer", async () => {
    await using server = await echoServer();
    const { port } = await server.listen({ hostname: "127.0.0.1", port: 0 });
    const command = ["node", bin, "call", `127.0.0.1:${port}`, "acme.echo.v1.Echo/Count", '{"text":"t","n":2}', ...echoSchema].map((a) => `'${a}'`).join(" ");
    // `script` gives the command a pseudo-terminal, as a person's shell would.
    const child = Bun.spawn(["script", "-qec", command, "/dev/null"], { cwd: dir, stdout: "pipe", stderr: "pipe", env: { ...process.env, NO_COLOR: "" } });
    const [out, code] = await Promise.all([new Response(child.stdout).text(), child.exited]);
    const plain = out.replace(/\x1b\[[0-9;]*m/g, "").replace(/\r\n/g, "\n");
    expect(code).toBe(0);
    expect(out).toContain("\x1b[34m\"text\"\x1b[0m: \x1b[32m\"t\"\x1b[0m");
    expect(plain).toContain('{\n  "text": "t",\n  "n": 1\n}\n');
    expect(plain).toMatch(/── OK · 2 messages · [\d.]+ ms\n/);
  });
});
