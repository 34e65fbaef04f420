import { describe, expect, test } from "bun:test";
import { Code, createClient, createServer } from "strand";
import { TestService } from "@strand/rpc/testing";
import { Deferred } from "../support/deferred.ts";
import { testChannel } from "../support/channel.ts";
import { listenLocal } from "../support/listen.ts";
import { streamFailure } from "../support/rpc-failure.ts";

describe("hot reload", () => {
  test("server.add again swaps handlers for new calls; in-flight calls finish on the old ones; the connection stays", async () => {
    const gate = new Deferred();
    const held = new Deferred();
    await using server = createServer().add(TestService, {
      async echo(req) {
        if (req.text === "hold") {
          held.resolve();
          await gate.promise;
        }
        return { text: `v1 ${req.text}` };
      },
      async *count() {
        yield { text: "v1" };
      },
    });
    using channel = testChannel(await listenLocal(server));
    const client = createClient(TestService, channel);
    expect((await client.echo({ text: "a" })).text).toBe("v1 a");
    const inFlight = client.echo({ text: "hold" });
    await held.promise;

    server.add(TestService, {
      async echo(req) {
        return { text: `v2 ${req.text}` };
      },
    });
    expect((await client.echo({ text: "b" })).text).toBe("v2 b");
    // Methods the new handlers leave out are gone for new calls.
    expect((await streamFailure(client.count({}))).code).toBe(Code.Unimplemented);
    gate.resolve();
    expect((await inFlight).text).toBe("v1 hold");
    expect(server.connections).toBe(1);
    expect(channel.state).toBe("ready");
  });
});
