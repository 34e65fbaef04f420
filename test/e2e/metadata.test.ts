import { describe, expect, test } from "bun:test";
import { Code, createChannel, createClient, createServer, Metadata, RpcError, type Logger } from "strand";
import { TestService } from "@strand/rpc/testing";
import { listenLocal } from "../support/listen.ts";
import { rpcFailure } from "../support/rpc-failure.ts";

const binary = new Uint8Array([0, 1, 2, 0xfe, 0xff]);

/** A server that reflects request metadata into response headers and trailers. */
async function reflecting(logger?: Logger) {
  const seen: Metadata[] = [];
  const server = createServer(logger ? { logger } : {}).add(TestService, {
    async echo(req, ctx) {
      seen.push(ctx.metadata);
      ctx.setHeader("x-header-text", `got ${ctx.metadata.get("x-user") ?? "nobody"}`);
      ctx.setHeader("x-header-bin", ctx.metadata.getBinary("x-trace-bin") ?? new Uint8Array(0));
      ctx.setTrailer("x-trailer-text", "bye");
      ctx.setTrailer("x-trailer-bin", binary);
      if (req.text === "big-header") ctx.setHeader("x-big", "h".repeat(9000));
      if (req.text === "fail") throw new RpcError(Code.FailedPrecondition, "nope", { metadata: { "x-reason": "because", "x-reason-bin": binary } });
      return req;
    },
  });
  const channel = createChannel(await listenLocal(server));
  return {
    client: createClient(TestService, channel),
    seen,
    async [Symbol.asyncDispose]() {
      channel.close();
      await server.close({ force: true });
    },
  };
}

describe("metadata", () => {
  test("ASCII and -bin request metadata reach the handler; response headers and trailers reach the client", async () => {
    await using env = await reflecting();
    let header: Metadata | undefined;
    let trailer: Metadata | undefined;
    await env.client.echo(
      { text: "x" },
      { metadata: { "X-User": "alice", "x-trace-bin": binary, "x-multi": ["1", "2"] }, onHeader: (h) => (header = h), onTrailer: (t) => (trailer = t) },
    );
    const request = env.seen[0]!;
    expect(request.get("x-user")).toBe("alice");
    expect(request.getBinary("x-trace-bin")).toEqual(binary);
    expect(request.getAll("x-multi")).toEqual(["1", "2"]);
    expect(header?.get("x-header-text")).toBe("got alice");
    expect(header?.getBinary("x-header-bin")).toEqual(binary);
    expect(trailer?.get("x-trailer-text")).toBe("bye");
    expect(trailer?.getBinary("x-trailer-bin")).toEqual(binary);
  });

  test("an error's metadata arrives on the client's RpcError, with the trailers", async () => {
    await using env = await reflecting();
    const error = await rpcFailure(env.client.echo({ text: "fail" }));
    expect(error.code).toBe(Code.FailedPrecondition);
    expect(error.message).toBe("nope");
    expect(error.metadata.get("x-reason")).toBe("because");
    expect(error.metadata.getBinary("x-reason-bin")).toEqual(binary);
    expect(error.metadata.get("x-trailer-text")).toBe("bye");
  });

  test("request metadata over the 8 KiB limit fails locally with a clear ResourceExhausted", async () => {
    await using env = await reflecting();
    const error = await rpcFailure(env.client.echo({ text: "x" }, { metadata: { "x-big": "a".repeat(9000) } }));
    expect(error.code).toBe(Code.ResourceExhausted);
    expect(error.message).toMatch(/metadata/);
    expect(error.message).toMatch(/8192/);
    expect(env.seen.length).toBe(0);
  });

  test("response metadata over the limit: the client gets Internal and the server logs why", async () => {
    const logged: string[] = [];
    await using env = await reflecting({ error: (message) => logged.push(message) });
    const error = await rpcFailure(env.client.echo({ text: "big-header" }));
    expect(error.code).toBe(Code.Internal);
    expect(error.message).toMatch(/metadata/);
    expect(logged.some((m) => m.includes("metadata"))).toBe(true);
  });

  test("invalid metadata is rejected before anything is sent: InvalidArgument", async () => {
    await using env = await reflecting();
    expect((await rpcFailure(env.client.echo({}, { metadata: { "x-text": "caf\u00e9" } }))).code).toBe(Code.InvalidArgument);
    expect((await rpcFailure(env.client.echo({}, { metadata: { "bad name": "v" } }))).code).toBe(Code.InvalidArgument);
    expect(env.seen.length).toBe(0);
  });
});
