/**
 * Issue: the resolver plugin API — `registerResolver(scheme, factory)` — with an in-memory
 * resolver the test drives: the channel asks it to resolve on its first call and when a
 * connection is lost, applies each address list (new replicas connect, removed ones drain, an
 * empty list keeps the old addresses), and reports malformed addresses as resolution errors.
 */
import { expect, test } from "bun:test";
import { createClient, registerResolver, type ResolvedAddress, type ResolverListener } from "strand";
import { TestService } from "@strand/rpc/testing";
import { testChannel } from "../support/channel.ts";
import { startReplicas } from "../support/replicas.ts";
import { until } from "../support/sleep.ts";

/** The live resolvers of the `memory:` scheme, by target path. */
const live = new Map<string, { listener: ResolverListener; resolveNow: number }>();
registerResolver("memory", (target, listener) => {
  const entry = { listener, resolveNow: 0 };
  live.set(target.path, entry);
  return {
    resolveNow: () => void entry.resolveNow++,
    close: () => live.delete(target.path),
  };
});

test("a registered resolver feeds the channel: lazily, on connection loss, and with every address update", async () => {
  await using replicas = await startReplicas(["127.0.0.1", "127.0.0.1", "127.0.0.1"], { samePort: false });
  const address = (i: number): ResolvedAddress => ({ hostname: "127.0.0.1", port: replicas.list[i]!.port });
  using channel = testChannel("memory:///ledger");
  const resolver = live.get("ledger")!;
  expect(resolver.resolveNow).toBe(0);
  const client = createClient(TestService, channel);
  const first = client.echo({ text: "", n: 0 });
  expect(resolver.resolveNow).toBe(1);
  resolver.listener.onAddresses([address(0), address(1)]);
  expect((await first).text).toMatch(/^127\.0\.0\.1:/);
  const seen = new Set<string>();
  await until(() => {
    void client.echo({ text: "", n: 0 }).then((r) => seen.add(r.text));
    return seen.size === 2;
  }, "both listed replicas answering");
  expect(seen.has(replicas.list[2]!.name)).toBe(false);

  // An update: replica 0 leaves (drained), replica 2 joins.
  resolver.listener.onAddresses([address(1), address(2)]);
  const after = new Set<string>();
  for (let i = 0; i < 40; i++) after.add((await client.echo({ text: "", n: i })).text);
  expect(after).toEqual(new Set([replicas.list[1]!.name, replicas.list[2]!.name]));
  await until(() => replicas.list[0]!.server.connections === 0, "the removed replica's connection drained");

  // Empty and malformed lists are errors: the addresses stay.
  resolver.listener.onAddresses([]);
  resolver.listener.onAddresses([{ hostname: "127.0.0.1", port: 0 }]);
  expect((await client.echo({ text: "", n: 1 })).text).not.toBe(replicas.list[0]!.name);

  // A lost connection asks for a fresh resolution.
  const before = resolver.resolveNow;
  await replicas.list[2]!.server.close({ force: true });
  await until(() => resolver.resolveNow > before, "resolveNow after the connection loss");
});

test("the resolver is closed with the channel", () => {
  const channel = testChannel("memory:///closing");
  expect(live.has("closing")).toBe(true);
  channel.close();
  expect(live.has("closing")).toBe(false);
});
