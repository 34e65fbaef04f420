import { estimateShallowMemoryUsageOf } from "bun:jsc";
import { expect, test } from "bun:test";
import { createClient } from "./client.ts";
import { createMemoryPair } from "./testing/memory-pair.ts";
import { TestService } from "./testing/test-service.ts";
import type { Transport } from "./transport.ts";

/**
 * Every unary call makes a call object on each side. JavaScriptCore puts an object of up to 18
 * fields in a 160-byte cell and one of 19–26 in a 224-byte cell, so a field more can cost 64 bytes
 * per call: what most calls never use lives in `CallExtras`, made on first use.
 */
const MAX_CALL_BYTES = 160;

test("a unary call's objects are 160-byte cells on both sides, with and without the state made on first use", async () => {
  const cells: number[] = [];
  const pair = createMemoryPair(TestService, {
    async echo(request, ctx) {
      cells.push(estimateShallowMemoryUsageOf(ctx));
      if (request.text === "rich") {
        ctx.setHeader("x-h", "1");
        ctx.setTrailer("x-t", "2");
        void ctx.signal.aborted;
      }
      return { text: request.text };
    },
  });
  const spy: Transport = {
    openCall(open, listener) {
      cells.push(estimateShallowMemoryUsageOf(listener));
      return pair.transport.openCall(open, listener);
    },
  };
  const client = createClient(TestService, spy);
  expect((await client.echo({ text: "plain" })).text).toBe("plain");
  let trailer = "";
  const controller = new AbortController();
  const rich = await client.echo({ text: "rich" }, { timeoutMs: 60_000, signal: controller.signal, onTrailer: (t) => (trailer = String(t.get("x-t"))) });
  expect(rich.text).toBe("rich");
  expect(trailer).toBe("2");
  expect(cells).toHaveLength(4);
  for (const bytes of cells) expect(bytes).toBeLessThanOrEqual(MAX_CALL_BYTES);
});
