import { beforeAll, describe, expect, test } from "bun:test";
import { Code, createClient, createServer } from "strand";
import { interopHandlers, ServerProbe } from "../support/interop-handlers.ts";
import { isPayloadOf, payloadOf } from "../support/interop-messages.ts";
import { InteropService } from "../support/interop-service.ts";
import { testChannel } from "../support/channel.ts";
import { listenLocal } from "../support/listen.ts";
import { rpcFailure } from "../support/rpc-failure.ts";
import { selfSignedCertificate, type TestCertificate } from "../support/self-signed.ts";

let pems: TestCertificate;
beforeAll(async () => {
  pems = await selfSignedCertificate();
});

describe("TLS", () => {
  test("a client trusting the server's self-signed certificate makes calls of every kind", async () => {
    await using server = createServer({ tls: { key: pems.key, cert: pems.cert } }).add(InteropService, interopHandlers());
    const target = await listenLocal(server);
    using channel = testChannel(target, { tls: { ca: pems.cert, serverName: "localhost" } });
    const client = createClient(InteropService, channel);
    const unary = await client.unaryCall({ responseSize: 314_159, payload: payloadOf(271_828) });
    expect(isPayloadOf(unary.payload, 314_159)).toBe(true);
    const sizes: number[] = [];
    for await (const r of client.streamingOutputCall({ responseParameters: [{ size: 70_000, intervalMs: 0 }, { size: 3, intervalMs: 0 }] })) sizes.push(r.payload.length);
    expect(sizes).toEqual([70_000, 3]);
    expect((await client.streamingInputCall([{ payload: payloadOf(100_000) }, { payload: payloadOf(5) }])).aggregatedPayloadSize).toBe(100_005);
  });

  test("a client that does not trust the certificate fails with Unavailable and sends no call", async () => {
    const probe = new ServerProbe();
    await using server = createServer({ tls: { key: pems.key, cert: pems.cert } }).add(InteropService, interopHandlers(probe));
    const target = await listenLocal(server);
    using channel = testChannel(target, { tls: { serverName: "localhost" } });
    const error = await rpcFailure(createClient(InteropService, channel).emptyCall({}));
    expect(error.code).toBe(Code.Unavailable);
    expect(error.message).toMatch(/certificate/i);
    expect(probe.started).toEqual([]);
  });

  test("a plaintext client cannot talk to a TLS server: Unavailable, not a hang", async () => {
    await using server = createServer({ tls: { key: pems.key, cert: pems.cert } }).add(InteropService, interopHandlers());
    const target = await listenLocal(server);
    using channel = testChannel(target);
    const error = await rpcFailure(createClient(InteropService, channel).emptyCall({}, { timeoutMs: 5000 }));
    expect(error.code).toBe(Code.Unavailable);
  });
});
