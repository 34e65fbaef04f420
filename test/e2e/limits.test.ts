import { describe, expect, test } from "bun:test";
import { Code, createChannel, createClient, createServer, type Logger } from "strand";
import { interopHandlers } from "../support/interop-handlers.ts";
import { InteropService, RawInteropService } from "../support/interop-service.ts";
import { testChannel } from "../support/channel.ts";
import { listenLocal } from "../support/listen.ts";
import { rpcFailure, streamFailure } from "../support/rpc-failure.ts";

const MiB = 1024 * 1024;

/** The interop service plus raw-byte clients on the same paths, over one channel. */
async function env(options: { logger?: Logger; raw?: boolean } = {}) {
  const server = createServer(options.logger ? { logger: options.logger } : {});
  if (options.raw === true) {
    // Answers with whatever bytes it is told to: lets the client receive undecodable or huge responses.
    server.add(RawInteropService, {
      unaryCall: (req) => req,
      async *streamingOutputCall(req) {
        yield new Uint8Array(new DataView(req.buffer, req.byteOffset).getUint32(0));
      },
    });
  } else {
    server.add(InteropService, interopHandlers());
  }
  const channel = createChannel(await listenLocal(server));
  return {
    typed: createClient(InteropService, channel),
    raw: createClient(RawInteropService, channel),
    async [Symbol.asyncDispose]() {
      channel.close();
      await server.close({ force: true });
    },
  };
}

function u32(n: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n);
  return out;
}

describe("limits and undecodable messages", () => {
  test("a request over the server's 4 MiB receive limit → ResourceExhausted (unary and client stream)", async () => {
    await using e = await env();
    const unary = await rpcFailure(e.raw.unaryCall(new Uint8Array(4 * MiB + 1)));
    expect(unary.code).toBe(Code.ResourceExhausted);
    expect(unary.message).toMatch(/4194304/);
    const streamed = await rpcFailure(e.raw.streamingInputCall([new Uint8Array(10), new Uint8Array(4 * MiB + 1)]));
    expect(streamed.code).toBe(Code.ResourceExhausted);
    // Exactly at the limit is fine: the connection and the server are unharmed.
    expect((await e.typed.streamingInputCall([{ payload: new Uint8Array(4 * MiB - 64) }])).aggregatedPayloadSize).toBe(4 * MiB - 64);
  });

  test("a response over the client's 4 MiB receive limit → ResourceExhausted", async () => {
    await using e = await env({ raw: true });
    const error = await streamFailure(e.raw.streamingOutputCall(u32(4 * MiB + 1)));
    expect(error.code).toBe(Code.ResourceExhausted);
    const ok: number[] = [];
    for await (const m of e.raw.streamingOutputCall(u32(4 * MiB))) ok.push(m.length);
    expect(ok).toEqual([4 * MiB]);
  });

  test("an undecodable request → InvalidArgument naming the message type", async () => {
    await using e = await env();
    const error = await rpcFailure(e.raw.unaryCall(new Uint8Array([1, 2, 3])));
    expect(error.code).toBe(Code.InvalidArgument);
    expect(error.message).toContain("grpc.testing.InteropRequest");
    const streamed = await rpcFailure(e.raw.streamingInputCall([new Uint8Array([9])]));
    expect(streamed.code).toBe(Code.InvalidArgument);
  });

  test("an undecodable response → Internal naming the message type", async () => {
    await using e = await env({ raw: true });
    // The raw server echoes the request bytes: a valid InteropRequest is not a valid InteropResponse.
    const error = await rpcFailure(e.typed.unaryCall({ responseSize: 1 }));
    expect(error.code).toBe(Code.Internal);
    expect(error.message).toContain("grpc.testing.InteropResponse");
  });

  test("a handler throwing a plain Error → Internal without its message or stack; the logger gets the error", async () => {
    const logged: { message: string; error: unknown }[] = [];
    const secret = new Error("db password is hunter2");
    const server = createServer({ logger: { error: (message, error) => logged.push({ message, error }) } }).add(InteropService, {
      emptyCall() {
        throw secret;
      },
    });
    await using _ = server;
    using channel = testChannel(await listenLocal(server));
    const error = await rpcFailure(createClient(InteropService, channel).emptyCall({}));
    expect(error.code).toBe(Code.Internal);
    expect(error.message).not.toContain("hunter2");
    expect(error.message).not.toMatch(/\bat\s.+:\d+/);
    expect(logged.length).toBe(1);
    expect(logged[0]!.error).toBe(secret);
    expect(logged[0]!.message).toContain("/grpc.testing.TestService/EmptyCall");
  });
});
