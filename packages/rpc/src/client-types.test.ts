import { expect, test } from "bun:test";
import type { Client } from "./client-types.ts";
import type { HandlerContext } from "./handler-context.ts";
import type { ServiceHandlers } from "./service-handlers.ts";
import { createMemoryPair } from "./testing/memory-pair.ts";
import { TestService, type TestMessage } from "./testing/test-service.ts";

type C = Client<typeof TestService>;
type H = ServiceHandlers<typeof TestService>;

// Compile-time checks (tsc runs over test files): each kind has its documented shape.
const shapes: {
  echo: (req: Partial<TestMessage>) => Promise<TestMessage>;
  count: (req: Partial<TestMessage>) => AsyncIterable<TestMessage>;
  sum: (reqs: Iterable<Partial<TestMessage>>) => Promise<TestMessage>;
  chat: (reqs: AsyncIterable<Partial<TestMessage>>) => AsyncIterable<TestMessage>;
}[] = [] as C[];

const handlers: H = {
  async echo(req: TestMessage, ctx: HandlerContext) {
    return { text: req.text + String(ctx.deadline ?? "") };
  },
  post: (req) => req,
  async *count(req) {
    yield { n: req.n };
  },
  async sum(reqs) {
    for await (const r of reqs) return { n: r.n };
    return {};
  },
  async *chat(reqs) {
    yield* reqs;
  },
};

// @ts-expect-error — a unary handler must return the output message type.
const wrong: H["echo"] = async () => ({ text: 5 });
// @ts-expect-error — push style is for streaming responses only.
const pushUnary: H["echo"] = { push() {} };
// @ts-expect-error — a push handler sends output messages.
const pushWrong: H["count"] = { push: (_req, responses) => void responses.send({ text: 5 }) };
const pushRight: H["chat"] = { push: async (reqs, responses) => { for await (const r of reqs) await responses.send({ n: r.n }); } };

test("Client<S> and ServiceHandlers<S> line up at run time too", async () => {
  const { client } = createMemoryPair(TestService, handlers);
  // @ts-expect-error — unknown methods are not on the client.
  expect(client.nope).toBeUndefined();
  expect((await client.echo({ text: "a" })).text).toBe("a");
  expect(shapes).toHaveLength(0);
  expect(typeof wrong).toBe("function");
  expect([pushUnary, pushWrong, pushRight].every((h) => typeof h === "object")).toBe(true);
});
