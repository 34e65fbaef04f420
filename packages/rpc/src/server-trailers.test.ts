import { describe, expect, test } from "bun:test";
import { Code } from "./code.ts";
import type { ErrorDetail } from "./error-detail.ts";
import type { Logger } from "./logger.ts";
import { RpcError } from "./rpc-error.ts";
import type { ServerOptions } from "./server-options.ts";
import { createMemoryPair } from "./testing/memory-pair.ts";
import { TestService, type TestMessage } from "./testing/test-service.ts";

const detail = (type: string, size: number): ErrorDetail => ({ type, value: new Uint8Array(size).fill(7) });

/** A logger that keeps what it gets. */
function recorder(): Logger & { readonly lines: string[] } {
  const lines: string[] = [];
  return { lines, error: (message, error) => void lines.push(`${message} | ${String(error)}`) };
}

async function failure(call: Promise<unknown>): Promise<RpcError> {
  const e = await call.then(
    () => undefined,
    (x: unknown) => x,
  );
  if (!(e instanceof RpcError)) throw new Error(`expected an RpcError, got ${String(e)}`);
  return e;
}

describe("details and the trailer limit", () => {
  test("details count toward the limit; too many are dropped and logged, code, message and trailer metadata still go out", async () => {
    const logger = recorder();
    const { client } = createMemoryPair(
      TestService,
      {
        async echo(_r: TestMessage, ctx) {
          ctx.setTrailer("x-request-id", "r1");
          throw new RpcError(Code.FailedPrecondition, "account frozen", { details: [detail("acme.v1.Big", 600), detail("acme.v1.Big", 600)] });
        },
      },
      { server: { metadataSoftLimitBytes: 1024, logger } },
    );
    const e = await failure(client.echo({}));
    expect([e.code, e.message, e.details, e.metadata.get("x-request-id")]).toEqual([Code.FailedPrecondition, "account frozen", [], "r1"]);
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]).toContain("2 error detail(s) of /strand.test.v1.Test/Echo dropped");
    expect(logger.lines[0]).toContain("metadataSoftLimitBytes (1024 bytes)");
    expect(logger.lines[0]).toContain("FailedPrecondition: account frozen");
    expect(logger.lines[0]).toMatch(/trailers encode to \d+ bytes, over the limit of 1024 bytes/);
  });

  test("details that fit go out unchanged", async () => {
    const logger = recorder();
    const details = [detail("acme.v1.Small", 400), detail("acme.v1.Small", 400)];
    const { client } = createMemoryPair(
      TestService,
      { echo: () => Promise.reject(new RpcError(Code.Aborted, "retry the transaction", { details })) },
      { server: { metadataSoftLimitBytes: 1024, logger } },
    );
    expect((await failure(client.echo({}))).details).toEqual(details);
    expect(logger.lines).toEqual([]);
  });
});

describe("details of a rethrown downstream error", () => {
  /** Server A's echo calls server B, which fails with a detail, and rethrows what it gets (or wraps it). */
  function twoHops(options: Partial<ServerOptions>, wrap: boolean) {
    const b = createMemoryPair(TestService, {
      echo: () => Promise.reject(new RpcError(Code.NotFound, "no such row", { details: [detail("acme.v1.Internal", 3)] })),
    });
    const a = createMemoryPair(
      TestService,
      {
        async echo(r: TestMessage) {
          try {
            return await b.client.echo(r);
          } catch (e) {
            if (!wrap || !(e instanceof RpcError)) throw e;
            throw new RpcError(e.code, e.message, { details: e.details });
          }
        },
      },
      { server: options },
    );
    return a.client;
  }

  test('are dropped by default ("drop"): code and message still reach the caller', async () => {
    const e = await failure(twoHops({}, false).echo({}));
    expect([e.code, e.message, e.details]).toEqual([Code.NotFound, "no such row", []]);
  });

  test('go on unchanged with downstreamDetails: "forward"', async () => {
    const e = await failure(twoHops({ downstreamDetails: "forward" }, false).echo({}));
    expect([e.code, e.message, e.details]).toEqual([Code.NotFound, "no such row", [detail("acme.v1.Internal", 3)]]);
  });

  test("an error the handler builds from the downstream one is its own: its details always go", async () => {
    const e = await failure(twoHops({}, true).echo({}));
    expect(e.details).toEqual([detail("acme.v1.Internal", 3)]);
  });
});
