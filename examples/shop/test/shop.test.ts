import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Code } from "strand";
import { OrderStatus } from "../src/gen/shop/v1/orders.ts";
import { startService, type ServiceProcess } from "../src/processes.ts";
import { memoryReporter } from "../src/reporter.ts";
import { runScenario, type ScenarioResult } from "../src/scenario.ts";

const started: ServiceProcess[] = [];
let result: ScenarioResult;
let logs: string[] = [];
let exitCodes: number[] = [];

beforeAll(async () => {
  const catalog = await startService("catalog");
  const inventory = await startService("inventory");
  const orders = await startService("orders", { CATALOG: catalog.address, INVENTORY: inventory.address });
  const support = await startService("support");
  started.push(catalog, inventory, orders, support);
  result = await runScenario({ catalog: catalog.address, inventory: inventory.address, orders: orders.address, support: support.address }, memoryReporter(), () => Bun.sleep(100));
  exitCodes = await Promise.all(started.map((s) => s.stop()));
  logs = started.flatMap((s) => s.logs);
}, 30_000);

afterAll(async () => {
  // If the scenario threw, the processes may still run: never leave one behind.
  for (const s of started) await s.stop();
});

describe("the shop example, four real processes", () => {
  test("unary lookups and a NotFound error with its code", () => {
    expect(result.productCount).toBe(3);
    expect(result.notFoundCode).toBe(Code.NotFound);
  });

  test("an order placed through orders → catalog + inventory is confirmed and streamed as stock updates", () => {
    expect(result.orderStatus).toBe(OrderStatus.ORDER_STATUS_CONFIRMED);
    expect(result.stockUpdates.map((u) => `${u.sku}=${u.available}`)).toEqual(["tea=40", "mug=12", "tea=38", "mug=11"]);
  });

  test("the caller's deadline reaches inventory two hops away and ends the call with DeadlineExceeded", () => {
    expect(result.deadlineCode).toBe(Code.DeadlineExceeded);
    expect(logs.some((l) => /reserve\(kettle\) asks the warehouse; deadline inherited from orders: \d+ ms left/.test(l))).toBe(true);
    expect(logs.some((l) => l.includes("reserve(kettle) abandoned"))).toBe(true);
  });

  test("a client cancellation ends the server stream with Canceled", () => {
    expect(result.cancelCode).toBe(Code.Canceled);
    expect(logs.some((l) => l.startsWith("[inventory] watchStock(tea, mug) ended"))).toBe(true);
  });

  test("client streaming and bidi streaming", () => {
    expect(result.imported).toBe(2);
    expect(result.chatReplies).toEqual(["Hello alice! How can I help?", "Order o-1 is confirmed and will ship tomorrow.", "Noted. Anything else?"]);
  });

  test("every service shuts down gracefully with exit code 0", () => {
    expect(exitCodes).toEqual([0, 0, 0, 0]);
    expect(logs.filter((l) => l.endsWith("] stopped")).length).toBe(4);
  });
});
