import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Code, createClient, createServer } from "strand";
import { TestService } from "@strand/rpc/testing";
import { testChannel } from "../support/channel.ts";
import { rpcFailure } from "../support/rpc-failure.ts";

const dir = mkdtempSync(join(tmpdir(), "strand-unix-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("unix domain sockets", () => {
  test("listen({ unix }) and createChannel(\"unix:/path\") carry calls; ctx.peer names the transport", async () => {
    const path = join(dir, "echo.sock");
    await using server = createServer().add(TestService, {
      async echo(req, ctx) {
        return { text: `${req.text} via ${ctx.peer}`, n: req.n + 1 };
      },
      async *count(req) {
        for (let i = 0; i < req.n; i++) yield { n: i };
      },
    });
    const bound = await server.listen({ unix: path });
    expect(bound.unix).toBe(path);
    using channel = testChannel(`unix:${path}`);
    const client = createClient(TestService, channel);
    expect(await client.echo({ text: "hi", n: 1 })).toEqual({ text: "hi via unix", n: 2 });
    const seen: number[] = [];
    for await (const m of client.count({ n: 3 })) seen.push(m.n);
    expect(seen).toEqual([0, 1, 2]);
  });

  test("a unix path nobody listens on fails fast with Unavailable", async () => {
    using channel = testChannel(`unix:${join(dir, "nobody.sock")}`);
    const error = await rpcFailure(createClient(TestService, channel).echo({ text: "x" }));
    expect(error.code).toBe(Code.Unavailable);
  });
});
