import { describe, expect, test } from "bun:test";
import { Code } from "strand";
import { interopEnv } from "../support/interop-env.ts";
import { payloadOf, type InteropRequest } from "../support/interop-messages.ts";
import { Pushable } from "../support/pushable.ts";
import { rpcFailure, streamFailure } from "../support/rpc-failure.ts";
import { until } from "../support/sleep.ts";

/** gRPC interop cases for cancellation and deadlines. */
describe("interop: cancellation and deadline cases", () => {
  test("cancel_after_begin: cancelling a client stream before any request → Canceled on both sides", async () => {
    await using env = await interopEnv();
    const controller = new AbortController();
    const requests = new Pushable<Partial<InteropRequest>>();
    const call = env.client.streamingInputCall(requests, { signal: controller.signal });
    await until(() => env.probe.started.includes("streamingInputCall"), "the handler started");
    controller.abort();
    const error = await rpcFailure(call);
    expect(error.code).toBe(Code.Canceled);
    const [serverSide] = await env.probe.cancelled(1);
    expect(serverSide!.code).toBe(Code.Canceled);
  });

  test("cancel_after_first_response: cancelling a full duplex call after one response → Canceled on both sides", async () => {
    await using env = await interopEnv();
    const controller = new AbortController();
    const requests = new Pushable<Partial<InteropRequest>>();
    requests.push({ responseParameters: [{ size: 31_415, intervalMs: 0 }], payload: payloadOf(27_182) });
    const it = env.client.fullDuplexCall(requests, { signal: controller.signal })[Symbol.asyncIterator]();
    const first = await it.next();
    expect(first.done).toBe(false);
    expect(first.done === false && first.value.payload.length).toBe(31_415);
    controller.abort();
    const error = await rpcFailure(it.next());
    expect(error.code).toBe(Code.Canceled);
    const [serverSide] = await env.probe.cancelled(1);
    expect(serverSide!.code).toBe(Code.Canceled);
  });

  test("timeout_on_sleeping_server: a 1 ms deadline on a call the server sits on → DeadlineExceeded", async () => {
    await using env = await interopEnv();
    // The request stream never ends, so the server's handler waits for more input indefinitely.
    const requests = new Pushable<Partial<InteropRequest>>();
    requests.push({ payload: payloadOf(27_182) });
    const error = await streamFailure(env.client.fullDuplexCall(requests, { timeoutMs: 1 }));
    expect(error.code).toBe(Code.DeadlineExceeded);
  });
});
