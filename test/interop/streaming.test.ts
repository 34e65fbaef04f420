import { describe, expect, test } from "bun:test";
import { interopEnv } from "../support/interop-env.ts";
import { isPayloadOf, payloadOf, type InteropRequest, type InteropResponse } from "../support/interop-messages.ts";
import { Pushable } from "../support/pushable.ts";

/** gRPC interop cases for the three streaming call kinds. */
describe("interop: streaming cases", () => {
  test("client_streaming: 27182 + 8 + 1828 + 45904 bytes aggregate to 74,922", async () => {
    await using env = await interopEnv();
    async function* requests(): AsyncIterable<Partial<InteropRequest>> {
      for (const size of [27_182, 8, 1_828, 45_904]) yield { payload: payloadOf(size) };
    }
    const response = await env.client.streamingInputCall(requests());
    expect(response.aggregatedPayloadSize).toBe(74_922);
  });

  test("server_streaming: responses of 31415, 9, 2653 and 58979 bytes, in order", async () => {
    await using env = await interopEnv();
    const sizes = [31_415, 9, 2_653, 58_979];
    const received: InteropResponse[] = [];
    for await (const r of env.client.streamingOutputCall({ responseParameters: sizes.map((size) => ({ size, intervalMs: 0 })) })) received.push(r);
    expect(received.map((r) => r.payload.length)).toEqual(sizes);
    expect(received.every((r) => isPayloadOf(r.payload, r.payload.length))).toBe(true);
  });

  test("ping_pong: each request is answered before the next is sent", async () => {
    await using env = await interopEnv();
    const responseSizes = [31_415, 9, 2_653, 58_979];
    const requestSizes = [27_182, 8, 1_828, 45_904];
    const requests = new Pushable<Partial<InteropRequest>>();
    const send = (i: number): void => requests.push({ responseParameters: [{ size: responseSizes[i]!, intervalMs: 0 }], payload: payloadOf(requestSizes[i]!) });
    send(0);
    const received: number[] = [];
    for await (const r of env.client.fullDuplexCall(requests)) {
      received.push(r.payload.length);
      // The next request exists only after this response: a real ping-pong, not a pipeline.
      expect(requests.pulled).toBe(received.length);
      if (received.length < responseSizes.length) send(received.length);
      else requests.end();
    }
    expect(received).toEqual(responseSizes);
  });

  test("empty_stream: a full duplex call with no requests ends OK with no responses", async () => {
    await using env = await interopEnv();
    const received: InteropResponse[] = [];
    for await (const r of env.client.fullDuplexCall([])) received.push(r);
    expect(received).toEqual([]);
  });
});
