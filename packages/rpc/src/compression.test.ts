import { expect, test } from "bun:test";
import { createClient } from "./client.ts";
import { Code } from "./code.ts";
import { type Compression, isCompressionAlgorithm, verifyCompression } from "./compression.ts";
import { Dispatcher } from "./dispatcher.ts";
import { Router } from "./router.ts";
import { RpcError } from "./rpc-error.ts";
import { MemoryTransport } from "./testing/memory-transport.ts";
import { TestService } from "./testing/test-service.ts";
import type { CallAcceptor, ServerTransportCall, Transport } from "./transport.ts";

test("names: zstd, gzip and none are the only ones", () => {
  expect(["zstd", "gzip", "none", "br", 1].map(isCompressionAlgorithm)).toEqual([true, true, false, false, false]);
  expect(verifyCompression("x", "none")).toBe("none");
  expect(() => verifyCompression("the option", "br")).toThrow(/the option must be "zstd", "gzip" or "none", got "br"/);
});

test("the call option reaches the transport with the call; a bad one fails the call with InvalidArgument, unopened", async () => {
  const seen: (Compression | undefined)[] = [];
  const router = new Router().add(TestService, { echo: (req) => req, async *chat(reqs) { for await (const r of reqs) yield r; } });
  const memory = new MemoryTransport(new Dispatcher(router));
  const transport: Transport = { openCall: (open, listener) => (seen.push(open.compression), memory.openCall(open, listener)) };
  const client = createClient(TestService, transport);
  await client.echo({ text: "a" }, { compression: "gzip" });
  await client.echo({ text: "b" });
  for await (const _ of client.chat([{ text: "c" }], { compression: "none" }));
  expect(seen).toEqual(["gzip", undefined, "none"]);
  const error = await client.echo({}, { compression: "lz4" as never }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(RpcError);
  expect((error as RpcError).code).toBe(Code.InvalidArgument);
  expect(seen.length).toBe(3);
});

test("ctx.setCompression reaches the server transport call; a bad name throws InvalidArgument", async () => {
  const set: Compression[] = [];
  const router = new Router().add(TestService, {
    echo(req, ctx) {
      ctx.setCompression("zstd");
      if (req.text === "bad") ctx.setCompression("lz4" as never);
      return req;
    },
  });
  const dispatcher = new Dispatcher(router);
  // The memory transport has no compression: give its server calls a setCompression that records.
  const acceptor: CallAcceptor = { accept: (call: ServerTransportCall) => dispatcher.accept(Object.assign(call, { setCompression: (c: Compression) => set.push(c) })) };
  const client = createClient(TestService, new MemoryTransport(acceptor));
  await client.echo({ text: "ok" });
  expect(set).toEqual(["zstd"]);
  const error = await client.echo({ text: "bad" }).catch((e: unknown) => e);
  expect((error as RpcError).code).toBe(Code.InvalidArgument);
});
