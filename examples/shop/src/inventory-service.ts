import { Code, RpcError, timestampNow } from "strand";
import type { InventoryHandlers, StockUpdate } from "./gen/shop/v1/inventory.ts";

/** How long the warehouse takes to confirm a reservation of a backordered SKU (ms). */
export const BACKORDER_DELAY_MS = 2000;

/**
 * Inventory handlers. Stock lives in memory; every change is pushed to the `watchStock` streams
 * watching that SKU. Reserving a backordered SKU (the kettle) asks the slow warehouse, which is
 * how the demo shows a deadline propagating across two hops.
 */
export function createInventory(log: (line: string) => void = () => {}): InventoryHandlers {
  const stock = new Map<string, number>([["tea", 40], ["mug", 12], ["kettle", 0]]);
  const backordered = new Set(["kettle"]);
  const watchers = new Set<(update: StockUpdate) => void>();
  let reservations = 0;

  const update = (sku: string): StockUpdate => ({ sku, available: stock.get(sku) ?? 0, at: timestampNow() });

  return {
    async *watchStock(request, ctx) {
      const queue: StockUpdate[] = request.skus.map(update);
      let wake: (() => void) | undefined;
      const watcher = (u: StockUpdate): void => {
        if (!request.skus.includes(u.sku)) return;
        queue.push(u);
        wake?.();
      };
      watchers.add(watcher);
      const stop = (): void => wake?.();
      ctx.signal.addEventListener("abort", stop);
      try {
        while (!ctx.signal.aborted) {
          const next = queue.shift();
          if (next !== undefined) yield next;
          else await new Promise<void>((resolve) => (wake = resolve));
        }
      } finally {
        const reason = ctx.signal.reason instanceof Error ? ctx.signal.reason.message : "stream closed";
        log(`watchStock(${request.skus.join(", ")}) ended: ${reason}`);
        watchers.delete(watcher);
        ctx.signal.removeEventListener("abort", stop);
      }
    },

    async reserve(request, ctx) {
      if (!stock.has(request.sku)) throw new RpcError(Code.NotFound, `unknown SKU "${request.sku}"`);
      if (backordered.has(request.sku)) {
        const left = ctx.deadline === undefined ? "none" : `${Math.max(0, Math.round(ctx.deadline - Date.now()))} ms left`;
        log(`reserve(${request.sku}) asks the warehouse; deadline inherited from orders: ${left}`);
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(resolve, BACKORDER_DELAY_MS);
          ctx.signal.addEventListener("abort", () => {
            clearTimeout(timer);
            log(`reserve(${request.sku}) abandoned: ${ctx.signal.reason instanceof Error ? ctx.signal.reason.message : "cancelled"}`);
            reject(ctx.signal.reason);
          });
        });
        throw new RpcError(Code.FailedPrecondition, `${request.sku} is on backorder`);
      }
      const available = stock.get(request.sku)!;
      if (available < request.quantity) throw new RpcError(Code.FailedPrecondition, `only ${available} × ${request.sku} left`);
      stock.set(request.sku, available - request.quantity);
      for (const watcher of watchers) watcher(update(request.sku));
      reservations++;
      return { reservationId: `r-${reservations}`, remaining: available - request.quantity };
    },
  };
}
