import { expect, test } from "bun:test";
import { createClient } from "./client.ts";
import type { Interceptor } from "./interceptor.ts";
import type { Transport } from "./transport.ts";
import { createMemoryPair } from "./testing/memory-pair.ts";
import { TestService, type TestMessage } from "./testing/test-service.ts";

test("interceptors see the transport's target on every call kind; undefined when the transport has none", async () => {
  const { transport } = createMemoryPair(TestService, {
    echo: (r: TestMessage) => r,
    async *count(r: TestMessage) {
      yield r;
    },
    async sum(reqs: AsyncIterable<TestMessage>) {
      for await (const _ of reqs);
      return {};
    },
    async *chat(reqs: AsyncIterable<TestMessage>) {
      yield* reqs;
    },
  });
  const seen: (string | undefined)[] = [];
  const spy: Interceptor = (next) => (req) => (seen.push(req.target), next(req));
  const named: Transport = { target: "ledger.example:7000", openCall: (open, listener) => transport.openCall(open, listener) };
  const client = createClient(TestService, named, { interceptors: [spy] });
  await client.echo({});
  for await (const _ of client.count({}));
  await client.sum([{}]);
  for await (const _ of client.chat([{}]));
  await createClient(TestService, transport, { interceptors: [spy] }).echo({});
  expect(seen).toEqual(["ledger.example:7000", "ledger.example:7000", "ledger.example:7000", "ledger.example:7000", undefined]);
});
