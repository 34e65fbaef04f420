/**
 * Names protoc accepts that would merge in TypeScript (test/protos/acme/names/v1/collisions.proto):
 * escaped with a `$1` suffix, never refused, and every escaped definition keeps its own wire name,
 * data and JSON.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { type Channel, createChannel, createClient, createServer, type Server } from "strand";
import { Account, Foo, Foo_Bar, Foo_Bar$1, Foo_Kind, Foo_Kind$1, Ledger, type LedgerClient, LedgerClient$1 } from "./golden/acme/names/v1/collisions.ts";

let server: Server;
let channel: Channel;

beforeAll(async () => {
  server = createServer();
  server.add(Ledger, { get: (foo) => Account.create({ userId: foo.bar?.nested ?? "", userId$1: foo.top?.top ?? "" }) });
  const { port } = await server.listen({ hostname: "127.0.0.1", port: 0 });
  channel = createChannel(`127.0.0.1:${port}`);
});

afterAll(async () => {
  channel.close();
  await server.close({ force: true });
});

test("a nested type and a top-level one of the same TypeScript name are two types, each with its proto name", () => {
  expect(Foo_Bar.typeName).toBe("acme.names.v1.Foo_Bar");
  expect(Foo_Bar$1.typeName).toBe("acme.names.v1.Foo.Bar");
  expect(Foo_Kind.typeName).toBe("acme.names.v1.Foo_Kind");
  expect(Foo_Kind$1.KIND_A).toBe(1);
  expect(LedgerClient$1.typeName).toBe("acme.names.v1.LedgerClient");
  const foo = Foo.create({ bar: { nested: "n" }, kind: Foo_Kind$1.KIND_A, top: { top: "t" } });
  expect(Foo.decode(Foo.encode(foo))).toEqual(foo);
});

test("fields that camel-case alike keep their own values, in binary and in JSON (written under their proto names)", () => {
  const a = Account.create({ userId: "snake", userId$1: "camel", first: "1", second: "2" });
  expect(Account.decode(Account.encode(a))).toEqual(a);
  const json = Account.toJson(a);
  expect(json).toEqual({ user_id: "snake", userId: "camel", first: "1", second: "2" });
  expect(Account.fromJson(json)).toEqual(a);
  expect(Account.fromJsonString(JSON.stringify(json))).toEqual(a);
  // A shared JSON name alone still parses, into the first field that has it.
  expect(Account.fromJson({ same: "x" })).toEqual(Account.create({ first: "x" }));
});

test("the service keeps its name beside a message named like its client type, and calls work", async () => {
  const client: LedgerClient = createClient(Ledger, channel);
  const reply = await client.get(Foo.create({ bar: { nested: "from nested" }, top: { top: "from top" } }));
  expect(reply).toEqual(Account.create({ userId: "from nested", userId$1: "from top" }));
});
