import { Code, codeName, createChannel, createClient, durationToMs, RpcError, type Channel } from "strand";
import { Catalog } from "./gen/shop/v1/catalog.ts";
import { Inventory, type StockUpdate } from "./gen/shop/v1/inventory.ts";
import { OrderStatus, Orders, type ImportOrderRequest } from "./gen/shop/v1/orders.ts";
import { Support, type ChatMessage } from "./gen/shop/v1/support.ts";
import { formatMoney } from "./money.ts";
import type { Reporter } from "./reporter.ts";

/** Where the four services listen. */
export interface ShopAddresses {
  readonly catalog: string;
  readonly inventory: string;
  readonly orders: string;
  readonly support: string;
}

/** What the scenario observed, so tests can assert it. */
export interface ScenarioResult {
  readonly productCount: number;
  readonly notFoundCode: Code | undefined;
  readonly orderStatus: OrderStatus | undefined;
  readonly stockUpdates: StockUpdate[];
  readonly deadlineCode: Code | undefined;
  readonly cancelCode: Code | undefined;
  readonly imported: number;
  readonly chatReplies: string[];
}

/**
 * The demo: successful calls, a streamed update, a deadline that propagates across two hops and
 * ends as DeadlineExceeded, a client cancellation, an error with its code, client streaming and
 * bidi. Uses only the public API and generated code.
 */
export async function runScenario(at: ShopAddresses, report: Reporter, settle: () => Promise<void> = async () => {}): Promise<ScenarioResult> {
  const channels: Channel[] = [];
  const channel = (address: string): Channel => {
    const c = createChannel(address);
    channels.push(c);
    return c;
  };
  const catalog = createClient(Catalog, channel(at.catalog));
  const inventory = createClient(Inventory, channel(at.inventory));
  const orders = createClient(Orders, channel(at.orders));
  const support = createClient(Support, channel(at.support));
  try {
    report.step("Unary calls: browse the catalog");
    const { products } = await catalog.listProducts({});
    for (const p of products) report.ok(`Catalog.ListProducts`, `${p.sku.padEnd(7)} ${p.name.padEnd(20)} ${formatMoney(p.price)}`);
    const notFoundCode = await codeOf(catalog.getProduct({ sku: "teapot" }));
    report.expected("Catalog.GetProduct(teapot)", `${codeName(notFoundCode!)}: no such product`);

    report.step("Server streaming: watch stock while an order is placed");
    const stockUpdates: StockUpdate[] = [];
    const watching = new AbortController();
    let firstTwo!: () => void;
    const primed = new Promise<void>((resolve) => (firstTwo = resolve));
    const watch = (async () => {
      for await (const update of inventory.watchStock({ skus: ["tea", "mug"] }, { signal: watching.signal })) {
        stockUpdates.push(update);
        report.note(`stock: ${update.sku} → ${update.available} available`);
        if (stockUpdates.length === 2) firstTwo();
      }
    })();
    await primed;
    const order = await orders.placeOrder({ customer: "alice", lines: [{ sku: "tea", quantity: 2 }, { sku: "mug", quantity: 1 }] }, { timeoutMs: 2000 });
    report.ok("Orders.PlaceOrder", `${order.id} ${OrderStatus[order.status]} total ${formatMoney(order.total)} in ${durationToMs(order.processingTime ?? { seconds: 0n, nanos: 0 }).toFixed(1)} ms`);
    while (stockUpdates.length < 4) await Bun.sleep(5);

    report.step("Deadline propagation: orders → inventory, 300 ms budget");
    const deadlineCode = await codeOf(orders.placeOrder({ customer: "bob", lines: [{ sku: "kettle", quantity: 1 }] }, { timeoutMs: 300 }));
    await settle();
    report.expected("Orders.PlaceOrder(kettle)", `${codeName(deadlineCode!)} — the warehouse was slower than the caller's deadline`);

    report.step("Cancellation: the client stops watching stock");
    watching.abort();
    const cancelCode = await codeOf(watch);
    await settle();
    report.expected("Inventory.WatchStock", `${codeName(cancelCode!)} by the client (AbortSignal)`);

    report.step("Client streaming: bulk import of orders");
    const summary = await orders.importOrders(bulk());
    report.ok("Orders.ImportOrders", `${summary.imported} imported, ${summary.rejected} rejected, ${formatMoney(summary.total)}`);

    report.step("Bidirectional streaming: support chat");
    const chatReplies: string[] = [];
    for await (const reply of support.chat(chat())) {
      const text = reply.body.case === "text" ? reply.body.value : "";
      chatReplies.push(text);
      report.ok("Support.Chat", text);
    }
    return {
      productCount: products.length,
      notFoundCode,
      orderStatus: order.status,
      stockUpdates,
      deadlineCode,
      cancelCode,
      imported: summary.imported,
      chatReplies,
    };
  } finally {
    for (const c of channels) c.close();
  }
}

async function codeOf(promise: Promise<unknown>): Promise<Code | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return error instanceof RpcError ? error.code : Code.Unknown;
  }
}

async function* bulk(): AsyncIterable<ImportOrderRequest> {
  yield { order: { customer: "carol", lines: [{ sku: "tea", quantity: 1 }] } };
  yield { order: { customer: "dave", lines: [{ sku: "mug", quantity: 2 }] } };
  yield { order: { customer: "erin", lines: [{ sku: "tea", quantity: 1000 }] } }; // not enough stock
}

async function* chat(): AsyncIterable<Partial<ChatMessage>> {
  yield { from: "alice", body: { case: "text", value: "Hello!" } };
  yield { from: "alice", body: { case: "orderId", value: "o-1" } };
  yield { from: "alice", body: { case: "text", value: "Thanks" } };
}
