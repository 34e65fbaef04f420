import { describe, expect, test } from "bun:test";
import { Code } from "./code.ts";
import { Router } from "./router.ts";
import { RpcError } from "./rpc-error.ts";
import { createMemoryPair } from "./testing/memory-pair.ts";
import { TestService } from "./testing/test-service.ts";

describe("Router", () => {
  test("lookup distinguishes unknown services from unimplemented methods", () => {
    const router = new Router().add(TestService, { echo: async (r) => r });
    expect(router.lookup(TestService.methods.echo.path)).not.toBeInstanceOf(RpcError);
    const method = router.lookup(TestService.methods.count.path) as RpcError;
    expect(method.code).toBe(Code.Unimplemented);
    expect(method.message).toBe("unimplemented method Count of strand.test.v1.Test");
    const service = router.lookup("/nope.v1.X/Y") as RpcError;
    expect(service.message).toBe("unknown service nope.v1.X");
    expect((router.lookup("garbage") as RpcError).code).toBe(Code.Unimplemented);
  });

  test("a handler for a method the descriptor lacks is rejected at add()", () => {
    const router = new Router();
    const typo = { ecoh: async () => ({}) } as unknown as Parameters<typeof router.add<typeof TestService>>[1];
    expect(() => router.add(TestService, typo)).toThrow("has no method ecoh");
    const notFn = { echo: 5 } as unknown as Parameters<typeof router.add<typeof TestService>>[1];
    expect(() => router.add(TestService, notFn)).toThrow("is not a function");
  });

  test("remove() makes the service unknown again", () => {
    const router = new Router().add(TestService, { echo: async (r) => r });
    expect(router.remove(TestService)).toBe(true);
    expect(router.remove(TestService)).toBe(false);
    expect((router.lookup(TestService.methods.echo.path) as RpcError).message).toContain("unknown service");
  });

  test("handlers keep `this` when given as an object with methods", async () => {
    const impl = {
      suffix: "!",
      async echo(r: { text: string; n: number }) {
        return { text: r.text + this.suffix };
      },
    };
    const { client } = createMemoryPair(TestService, impl);
    expect((await client.echo({ text: "a" })).text).toBe("a!");
  });
});

describe("hot reload", () => {
  test("add() again swaps handlers for new calls; calls in flight finish on the old handler", async () => {
    const release = Promise.withResolvers<void>();
    const started = Promise.withResolvers<void>();
    const { client, router } = createMemoryPair(TestService, {
      async echo() {
        started.resolve();
        await release.promise;
        return { text: "v1" };
      },
    });
    const inFlight = client.echo({});
    await started.promise;
    router.add(TestService, { echo: async () => ({ text: "v2" }), count: async function* () { yield { n: 2 }; } });
    expect((await client.echo({})).text).toBe("v2");
    const streamed: number[] = [];
    for await (const m of client.count({})) streamed.push(m.n);
    expect(streamed).toEqual([2]);
    release.resolve();
    expect((await inFlight).text).toBe("v1");

    router.add(TestService, { count: async function* () {} });
    expect(((await client.echo({}).catch((e: unknown) => e)) as RpcError).code).toBe(Code.Unimplemented);
  });
});

test("a class instance works as handlers (prototype methods)", async () => {
  class Impl {
    constructor(private readonly prefix: string) {}
    async echo(r: { text: string; n: number }) {
      return { text: this.prefix + r.text };
    }
  }
  const { client } = createMemoryPair(TestService, new Impl(">"));
  expect((await client.echo({ text: "a" })).text).toBe(">a");
});
