import { describe, expect, test } from "bun:test";
import { Registry } from "prom-client";
import { Code, RpcError } from "@strand/rpc";
import { createMemoryPair, TestService, type TestMessage } from "@strand/rpc/testing";
import { createMetrics, defaultBuckets } from "./index.ts";
import { statusLabel } from "./status-label.ts";

describe("createMetrics", () => {
  test("registers in the given registry, or in its own", async () => {
    const registry = new Registry();
    expect(createMetrics({ registry }).registry).toBe(registry);
    expect(await registry.metrics()).toContain("# TYPE strand_server_handled_total counter");
    const own = createMetrics();
    expect(own.registry).not.toBe(registry);
    expect(await own.registry.metrics()).toContain("# TYPE strand_client_handling_seconds histogram");
  });

  test("a second createMetrics on one registry throws instead of double counting", () => {
    const registry = new Registry();
    createMetrics({ registry });
    expect(() => createMetrics({ registry })).toThrow();
  });

  test("bad options fail at construction", () => {
    expect(() => createMetrics({ buckets: [] })).toThrow(RangeError);
    expect(() => createMetrics({ buckets: [1, 0.5] })).toThrow(RangeError);
    expect(() => createMetrics({ buckets: [0, 1] })).toThrow(RangeError);
    expect(() => createMetrics({ prefix: "bad-prefix" })).toThrow(RangeError);
    expect(() => createMetrics().watch({} as never)).toThrow(TypeError);
  });

  test("buckets and prefix are honoured", async () => {
    const m = createMetrics({ buckets: [0.1, 1], prefix: "app_" });
    const pair = createMemoryPair(TestService, { async echo(req: TestMessage) { return req; } }, {
      client: { interceptors: [m.clientInterceptor] },
      server: { interceptors: [m.serverInterceptor] },
    });
    await pair.client.echo({ text: "x" });
    const text = await m.registry.metrics();
    expect(text).toContain('app_server_handling_seconds_bucket{le="0.1",service="strand.test.v1.Test",method="Echo",type="unary"} 1');
    expect(text).not.toContain('le="0.25"');
    expect(defaultBuckets).toEqual([0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]);
  });

  test("status labels use gRPC's names", () => {
    expect(statusLabel(undefined, Code.Unknown)).toBe("OK");
    expect(statusLabel(new RpcError(Code.Canceled, ""), Code.Unknown)).toBe("CANCELLED");
    expect(statusLabel(new RpcError(Code.DeadlineExceeded, ""), Code.Unknown)).toBe("DEADLINE_EXCEEDED");
    expect(statusLabel(new TypeError("bug"), Code.Internal)).toBe("INTERNAL");
    expect(statusLabel(new TypeError("bug"), Code.Unknown)).toBe("UNKNOWN");
  });
});
