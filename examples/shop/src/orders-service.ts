import { Code, durationFromMs, RpcError, timestampNow } from "strand";
import type { CatalogClient } from "./gen/shop/v1/catalog.ts";
import type { InventoryClient } from "./gen/shop/v1/inventory.ts";
import { OrderStatus, type Order, type OrdersHandlers, type PlaceOrderRequest } from "./gen/shop/v1/orders.ts";
import { cents, euros } from "./money.ts";

/** The downstream services orders calls. */
export interface OrdersDependencies {
  readonly catalog: CatalogClient;
  readonly inventory: InventoryClient;
}

/**
 * Orders handlers. `placeOrder` calls Catalog and Inventory from inside the handler: those calls
 * inherit the handler's deadline and cancellation automatically (no options passed).
 */
export function createOrders(deps: OrdersDependencies): OrdersHandlers {
  let next = 1;
  const place = async (request: PlaceOrderRequest): Promise<Order> => {
    const started = performance.now();
    if (request.lines.length === 0) throw new RpcError(Code.InvalidArgument, "an order needs at least one line");
    const id = `o-${next++}`;
    let total = 0;
    for (const line of request.lines) {
      const product = await deps.catalog.getProduct({ sku: line.sku });
      await deps.inventory.reserve({ sku: line.sku, quantity: line.quantity, orderId: id });
      total += cents(product.price) * line.quantity;
    }
    return {
      id,
      customer: request.customer,
      lines: request.lines,
      total: euros(total),
      status: OrderStatus.ORDER_STATUS_CONFIRMED,
      placedAt: timestampNow(),
      processingTime: durationFromMs(performance.now() - started),
    };
  };
  return {
    placeOrder: (request) => place(request),
    async importOrders(requests) {
      let imported = 0;
      let rejected = 0;
      let total = 0;
      for await (const request of requests) {
        try {
          const order = await place(request.order ?? { customer: "", lines: [] });
          imported++;
          total += cents(order.total);
        } catch {
          rejected++;
        }
      }
      return { imported, rejected, total: euros(total) };
    },
  };
}
