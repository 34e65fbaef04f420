import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Code, createClient, createServer } from "strand";
import { TestService } from "@strand/rpc/testing";
import { Deferred } from "../support/deferred.ts";
import { testChannel } from "../support/channel.ts";
import { listenLocal } from "../support/listen.ts";
import { streamFailure } from "../support/rpc-failure.ts";

describe("hot reload", () => {
  test("server.add again swaps handlers for new calls; in-flight calls finish on the old ones; the connection stays", async () => {
    const gate = new Deferred();
    const held = new Deferred();
    await using server = createServer().add(TestService, {
      async echo(req) {
        if (req.text === "hold") {
          held.resolve();
          await gate.promise;
        }
        return { text: `v1 ${req.text}` };
      },
      async *count() {
        yield { text: "v1" };
      },
    });
    using channel = testChannel(await listenLocal(server));
    const client = createClient(TestService, channel);
    expect((await client.echo({ text: "a" })).text).toBe("v1 a");
    const inFlight = client.echo({ text: "hold" });
    await held.promise;

    server.add(TestService, {
      async echo(req) {
        return { text: `v2 ${req.text}` };
      },
    });
    expect((await client.echo({ text: "b" })).text).toBe("v2 b");
    // Methods the new handlers leave out are gone for new calls.
    expect((await streamFailure(client.count({}))).code).toBe(Code.Unimplemented);
    gate.resolve();
    expect((await inFlight).text).toBe("v1 hold");
    expect(server.connections).toBe(1);
    expect(channel.state).toBe("ready");
  });
});

describe("bun --hot", () => {
  const repo = join(import.meta.dir, "..", "..");
  const dir = mkdtempSync(join(repo, "tmp-dev-hot-")); // git-ignored; inside the checkout so `strand` resolves to its sources
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const handlerFile = join(dir, "handler.ts");
  const releaseFile = join(dir, "release");
  const writeHandler = (version: string): void =>
    writeFileSync(
      handlerFile,
      [
        'import { existsSync } from "node:fs";',
        `export const version = ${JSON.stringify(version)};`,
        "/** Holds a call until the test creates the release file. */",
        `export async function hold(): Promise<void> { while (!existsSync(${JSON.stringify(releaseFile)})) await Bun.sleep(20); }`,
      ].join("\n"),
    );

  test("re-running the module keeps the listener and its port, swaps the handlers, lets the old call finish — no EADDRINUSE", async () => {
    writeHandler("v1");
    writeFileSync(
      join(dir, "server.ts"),
      [
        'import { createServer } from "strand";',
        'import { TestService } from "@strand/rpc/testing";',
        'import { hold, version } from "./handler.ts";',
        "const server = createServer().add(TestService, {",
        "  async echo(req) {",
        '    if (req.text === "hold") await hold();',
        "    return { ...req, text: `${version} ${req.text}` };",
        "  },",
        "});",
        'const { port } = await server.listen({ hostname: "127.0.0.1", port: 0 });',
        "console.log(`listening ${port} ${version}`);",
        "// A second, different server on the same address in the same evaluation is still refused.",
        'await createServer().listen({ hostname: "127.0.0.1", port: port! }).then(',
        '  () => console.log("second server: listening (wrong)"),',
        '  (e: { code?: string }) => console.log(`second server: ${e.code === "EADDRINUSE" ? "refused, address in use" : String(e)}`),',
        ");",
      ].join("\n"),
    );
    const proc = Bun.spawn([process.execPath, "--hot", join(dir, "server.ts")], { cwd: dir, stdout: "pipe", stderr: "pipe" });
    const output = { out: "", err: "" };
    const pump = async (stream: ReadableStream<Uint8Array>, key: "out" | "err") => {
      for await (const chunk of stream) output[key] += new TextDecoder().decode(chunk);
    };
    void pump(proc.stdout, "out");
    void pump(proc.stderr, "err");
    try {
      await until(() => /second server: /.test(output.out), "the server started");
      const port = Number(/listening (\d+) v1/.exec(output.out)?.[1]);
      expect(output.out).toContain("second server: refused, address in use");
      using channel = testChannel(`127.0.0.1:${port}`);
      const client = createClient(TestService, channel);
      expect((await client.echo({ text: "a" })).text).toBe("v1 a");
      const held = client.echo({ text: "hold" });

      writeHandler("v2");
      let reply = "";
      const poll = () => client.echo({ text: "b" }).then((r) => r.text, (e: unknown) => String(e));
      await until(async () => (reply = await poll()) === "v2 b", "the reloaded handlers answer", 20_000);
      expect(reply).toBe("v2 b");
      expect(output.out).toContain(`listening ${port} v2`); // the same port
      expect(output.out.match(/second server: refused, address in use/g)).toHaveLength(2);
      writeFileSync(releaseFile, "");
      expect((await held).text).toBe("v1 hold"); // the call in flight finished on the old handler
      expect(channel.state).toBe("ready");
      expect(`${output.out}\n${output.err}`).not.toContain("EADDRINUSE");
      expect(output.err).toBe("");
    } finally {
      proc.kill();
      await proc.exited;
    }
  }, 40_000);
});

/** Polls `predicate` (which may be async) every 50 ms until true; fails after `limitMs` (a safety net, not a timing assertion). */
async function until(predicate: () => boolean | Promise<boolean>, what: string, limitMs = 10_000): Promise<void> {
  const stop = Date.now() + limitMs;
  while (!(await predicate())) {
    if (Date.now() > stop) throw new Error(`timed out waiting for: ${what}`);
    await Bun.sleep(50);
  }
}
