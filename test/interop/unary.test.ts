import { describe, expect, test } from "bun:test";
import { Code, createClient } from "strand";
import { ECHO_INITIAL, ECHO_TRAILING } from "../support/interop-handlers.ts";
import { interopEnv } from "../support/interop-env.ts";
import { Empty, InteropRequest, isPayloadOf, payloadOf } from "../support/interop-messages.ts";
import { UnimplementedService } from "../support/interop-service.ts";
import { rpcFailure, streamFailure } from "../support/rpc-failure.ts";

/** gRPC interop cases (doc/interop-test-descriptions.md) for unary calls, metadata and status. */
describe("interop: unary, metadata and status cases", () => {
  test("empty_unary: an empty request gets an empty response", async () => {
    await using env = await interopEnv();
    expect(Empty.encode({}).length).toBe(0);
    expect(await env.client.emptyCall({})).toEqual({});
  });

  test("large_unary: 271,828-byte request → 314,159-byte response", async () => {
    await using env = await interopEnv();
    const request = InteropRequest.create({ responseSize: 314_159, payload: payloadOf(271_828) });
    const response = await env.client.unaryCall(request);
    expect(response.payload.length).toBe(314_159);
    expect(isPayloadOf(response.payload, 314_159)).toBe(true);
  });

  test("custom_metadata: initial and trailing (binary) metadata are echoed, unary and full duplex", async () => {
    await using env = await interopEnv();
    const initialValue = "test_initial_metadata_value";
    const trailingValue = new Uint8Array([0xab, 0xab, 0xab]);
    const metadata = { [ECHO_INITIAL]: initialValue, [ECHO_TRAILING]: trailingValue };

    const unarySeen: { header?: string | undefined; trailer?: Uint8Array | undefined } = {};
    const response = await env.client.unaryCall(
      { responseSize: 314_159, payload: payloadOf(271_828) },
      { metadata, onHeader: (h) => (unarySeen.header = h.get(ECHO_INITIAL)), onTrailer: (t) => (unarySeen.trailer = t.getBinary(ECHO_TRAILING)) },
    );
    expect(response.payload.length).toBe(314_159);
    expect(unarySeen.header).toBe(initialValue);
    expect(unarySeen.trailer).toEqual(trailingValue);

    const duplexSeen: { header?: string | undefined; trailer?: Uint8Array | undefined } = {};
    const sizes: number[] = [];
    const requests = [{ responseParameters: [{ size: 314_159, intervalMs: 0 }], payload: payloadOf(271_828) }];
    for await (const r of env.client.fullDuplexCall(requests, {
      metadata,
      onHeader: (h) => (duplexSeen.header = h.get(ECHO_INITIAL)),
      onTrailer: (t) => (duplexSeen.trailer = t.getBinary(ECHO_TRAILING)),
    })) {
      sizes.push(r.payload.length);
    }
    expect(sizes).toEqual([314_159]);
    expect(duplexSeen.header).toBe(initialValue);
    expect(duplexSeen.trailer).toEqual(trailingValue);
  });

  test("status_code_and_message: the requested status reaches the client, unary and full duplex", async () => {
    await using env = await interopEnv();
    const responseStatus = { code: 2, message: "test status message" };
    const unary = await rpcFailure(env.client.unaryCall({ responseStatus }));
    expect(unary.code).toBe(Code.Unknown);
    expect(unary.message).toBe("test status message");

    const duplex = await streamFailure(env.client.fullDuplexCall([{ responseStatus }]));
    expect(duplex.code).toBe(Code.Unknown);
    expect(duplex.message).toBe("test status message");
  });

  test("special_status_message: whitespace, BMP and non-BMP characters survive exactly", async () => {
    await using env = await interopEnv();
    const message = "\t\ntest with whitespace\r\nand Unicode BMP ☺ and non-BMP 😈\t\n";
    const error = await rpcFailure(env.client.unaryCall({ responseStatus: { code: 2, message } }));
    expect(error.code).toBe(Code.Unknown);
    expect(error.message).toBe(message);
  });

  test("unimplemented_method: a method the server does not implement → Unimplemented", async () => {
    await using env = await interopEnv();
    const error = await rpcFailure(env.client.unimplementedCall({}));
    expect(error.code).toBe(Code.Unimplemented);
  });

  test("unimplemented_service: a service the server does not know → Unimplemented", async () => {
    await using env = await interopEnv();
    const client = createClient(UnimplementedService, env.channel);
    const error = await rpcFailure(client.unimplementedCall({}));
    expect(error.code).toBe(Code.Unimplemented);
    expect(error.message).toContain("grpc.testing.UnimplementedService");
  });
});
