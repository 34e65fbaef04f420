import { describe, expect, test } from "bun:test";
import { interopEnv } from "../support/interop-env.ts";
import { isPayloadOf, payloadOf } from "../support/interop-messages.ts";

const REQUEST = { responseSize: 314_159, payload: payloadOf(271_828) };

/** gRPC interop load cases: many large unary calls at once, and many in a row. */
describe("interop: load cases", () => {
  test("concurrent_large_unary: 1,000 large unary calls in parallel all succeed intact", async () => {
    await using env = await interopEnv();
    const responses = await Promise.all(Array.from({ length: 1000 }, () => env.client.unaryCall(REQUEST)));
    expect(responses.length).toBe(1000);
    expect(responses.every((r) => r.payload.length === 314_159)).toBe(true);
    expect(isPayloadOf(responses[999]!.payload, 314_159)).toBe(true);
  }, 60_000);

  test("rpc_soak: 1,000 sequential large unary calls, zero failures", async () => {
    await using env = await interopEnv();
    let failures = 0;
    for (let i = 0; i < 1000; i++) {
      try {
        const r = await env.client.unaryCall(REQUEST);
        if (r.payload.length !== 314_159) failures++;
      } catch {
        failures++;
      }
    }
    expect(failures).toBe(0);
  }, 60_000);
});
