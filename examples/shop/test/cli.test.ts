/**
 * The `strand` CLI against the shop's four services, each in its own process with reflection on:
 * `list`, `describe` and `call` with every call kind — a unary lookup, a live server stream ended
 * by the deadline, a client stream and a bidi chat read from stdin as newline-delimited JSON —
 * run as a person would (the real bin under Node), their output asserted.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { Code } from "strand";
import { startService, type ServiceProcess } from "../src/processes.ts";

const bin = join(import.meta.dir, "..", "..", "..", "codegen", "bin", "strand.mjs");
const started: ServiceProcess[] = [];
const at: Record<string, string> = {};

beforeAll(async () => {
  const catalog = await startService("catalog");
  const inventory = await startService("inventory");
  const orders = await startService("orders", { CATALOG: catalog.address, INVENTORY: inventory.address });
  const support = await startService("support");
  started.push(catalog, inventory, orders, support);
  for (const s of started) at[s.name] = s.address;
}, 30_000);

afterAll(async () => {
  for (const s of started) await s.stop();
});

/** `node strand.mjs …` with `stdin` piped in: exit code and both streams. */
async function strand(args: readonly string[], stdin = ""): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = Bun.spawn(["node", bin, ...args], { stdin: new TextEncoder().encode(stdin), stdout: "pipe", stderr: "pipe", env: { ...process.env, NO_COLOR: "1" } });
  const [stdout, stderr, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
  return { code, stdout, stderr };
}

describe("strand list, describe and call against the shop (reflection)", () => {
  test("list: the services of a process, and the methods of one", async () => {
    expect(await strand(["list", at["orders"]!])).toEqual({
      code: 0,
      stdout: "grpc.health.v1.Health\ngrpc.reflection.v1.ServerReflection\ngrpc.reflection.v1alpha.ServerReflection\nshop.v1.Orders\n",
      stderr: "",
    });
    expect((await strand(["list", at["inventory"]!, "shop.v1.Inventory"])).stdout).toBe("shop.v1.Inventory.WatchStock\nshop.v1.Inventory.Reserve\n");
  });

  test("describe: a service and a message with a oneof, as .proto text", async () => {
    expect((await strand(["describe", at["inventory"]!, "shop.v1.Inventory"])).stdout).toBe(
      "shop.v1.Inventory is a service in shop/v1/inventory.proto:\nservice Inventory {\n" +
        "  rpc WatchStock(shop.v1.WatchStockRequest) returns (stream shop.v1.StockUpdate);\n" +
        "  rpc Reserve(shop.v1.ReserveRequest) returns (shop.v1.ReserveResponse);\n}\n",
    );
    expect((await strand(["describe", at["support"]!, "shop.v1.ChatMessage"])).stdout).toBe(
      "shop.v1.ChatMessage is a message in shop/v1/support.proto:\nmessage ChatMessage {\n  string from = 1;\n" +
        "  google.protobuf.Timestamp sent_at = 2;\n  oneof body {\n    string text = 3;\n    string order_id = 4;\n  }\n}\n",
    );
  });

  test("call, unary: a product as JSON; an unknown one exits 64 + NOT_FOUND", async () => {
    const tea = await strand(["call", at["catalog"]!, "shop.v1.Catalog/GetProduct", '{"sku":"tea"}']);
    expect(tea.code).toBe(0);
    expect(JSON.parse(tea.stdout)).toEqual({ sku: "tea", name: "Green tea, 100 g", price: { currency: "EUR", units: "4", nanos: 500000000 }, tags: ["drinks"], updatedAt: "2026-11-01T09:00:00Z" });
    const none = await strand(["call", at["catalog"]!, "shop.v1.Catalog/GetProduct", '{"sku":"yak"}']);
    expect(none).toEqual({ code: 64 + Code.NotFound, stdout: "", stderr: 'ERROR: NotFound: no product with SKU "yak"\n' });
  });

  test("call, server stream: one line per update until the deadline ends it", async () => {
    const watch = await strand(["call", at["inventory"]!, "shop.v1.Inventory/WatchStock", '{"skus":["tea","mug"]}', "--timeout", "1s"]);
    const lines = watch.stdout.trimEnd().split("\n").map((l) => JSON.parse(l) as { sku: string; available: number });
    expect(lines.map((u) => `${u.sku}=${u.available}`)).toEqual(["tea=40", "mug=12"]);
    expect([watch.code, watch.stderr]).toEqual([64 + Code.DeadlineExceeded, expect.stringMatching(/^ERROR: DeadlineExceeded: /)]);
  });

  test("call, client stream and bidi: newline-delimited JSON on stdin", async () => {
    const orders = '{"order":{"customer":"ada","lines":[{"sku":"tea","quantity":1}]}}\n{"order":{"customer":"bob","lines":[{"sku":"mug","quantity":2}]}}\n';
    const summary = await strand(["call", at["orders"]!, "shop.v1.Orders/ImportOrders"], orders);
    expect([summary.code, JSON.parse(summary.stdout)]).toEqual([0, expect.objectContaining({ imported: 2 })]);
    const chat = await strand(["call", at["support"]!, "shop.v1.Support/Chat"], '{"from":"ada","text":"hi"}\n{"from":"ada","orderId":"o-7"}\n');
    const replies = chat.stdout.trimEnd().split("\n").map((l) => (JSON.parse(l) as { text: string }).text);
    expect(replies).toEqual(["Hello ada! How can I help?", "Order o-7 is confirmed and will ship tomorrow."]);
  });
});
