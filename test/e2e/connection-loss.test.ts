import { describe, expect, test } from "bun:test";
import { Code, createClient, createServer } from "strand";
import { TestService, type TestMessage } from "@strand/rpc/testing";
import { Deferred } from "../support/deferred.ts";
import { testChannel } from "../support/channel.ts";
import { listenLocal, portOf } from "../support/listen.ts";
import { Pushable } from "../support/pushable.ts";
import { rpcFailure } from "../support/rpc-failure.ts";
import { aborted, until } from "../support/sleep.ts";
import { TcpProxy } from "../support/tcp-proxy.ts";
import type { RpcError } from "strand";

describe("connection loss", () => {
  test("a cut connection fails in-flight calls with Unavailable and fires the handlers' ctx.signal", async () => {
    const signals: Promise<RpcError>[] = [];
    const bothEntered = new Deferred();
    await using server = createServer().add(TestService, {
      async echo(_req, ctx) {
        signals.push(aborted(ctx.signal));
        if (signals.length === 2) bothEntered.resolve();
        throw await signals.at(-1)!;
      },
      async *chat(reqs, ctx) {
        signals.push(aborted(ctx.signal));
        if (signals.length === 2) bothEntered.resolve();
        for await (const r of reqs) yield r;
      },
    });
    using proxy = new TcpProxy(portOf(await listenLocal(server)));
    using channel = testChannel(proxy.target);
    const client = createClient(TestService, channel);
    const unary = rpcFailure(client.echo({ text: "x" }));
    const requests = new Pushable<Partial<TestMessage>>();
    const bidi = rpcFailure((async () => {
      for await (const _ of client.chat(requests));
    })());
    await bothEntered.promise;
    proxy.cut();
    const [unaryError, bidiError] = await Promise.all([unary, bidi]);
    expect(unaryError.code).toBe(Code.Unavailable);
    expect(bidiError.code).toBe(Code.Unavailable);
    const serverSide = await Promise.all(signals);
    expect(serverSide.map((e) => e.code)).toEqual([Code.Unavailable, Code.Unavailable]);
  });

  test("after a cut the channel reconnects for the next call", async () => {
    await using server = createServer().add(TestService, { echo: (req) => req });
    using proxy = new TcpProxy(portOf(await listenLocal(server)));
    using channel = testChannel(proxy.target);
    const client = createClient(TestService, channel);
    expect(await client.echo({ text: "before" })).toEqual({ text: "before", n: 0 });
    proxy.cut();
    // A call made before the channel noticed would go down the dead connection (and fail with
    // Unavailable, as in gRPC); once it noticed, the next call dials a new one.
    await until(() => channel.state !== "ready", "the channel noticed the loss");
    expect(await client.echo({ text: "after" })).toEqual({ text: "after", n: 0 });
    expect(proxy.connections).toBe(1);
  });
});
