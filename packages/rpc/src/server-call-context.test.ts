import { describe, expect, test } from "bun:test";
import type { HandlerContext } from "./handler-context.ts";
import { createMemoryPair } from "./testing/memory-pair.ts";
import { TestService } from "./testing/test-service.ts";

describe("connection facts on ctx", () => {
  test("without a transport that knows them: no peer certificate, and a draining signal that is not aborted", async () => {
    let seen: HandlerContext | undefined;
    const { client } = createMemoryPair(TestService, {
      echo(req, ctx) {
        seen = ctx;
        return req;
      },
    });
    await client.echo({ text: "x" });
    expect(seen?.peerCertificate).toBeUndefined();
    expect(seen?.draining).toBeInstanceOf(AbortSignal);
    expect(seen?.draining.aborted).toBe(false);
  });
});
