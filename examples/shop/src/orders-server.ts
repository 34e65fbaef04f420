/** The orders service as a process; CATALOG and INVENTORY name the services it calls. */
import { createChannel, createClient } from "strand";
import { Catalog } from "./gen/shop/v1/catalog.ts";
import { Inventory } from "./gen/shop/v1/inventory.ts";
import { Orders } from "./gen/shop/v1/orders.ts";
import { createOrders } from "./orders-service.ts";
import { runService } from "./service-main.ts";

const catalog = createClient(Catalog, createChannel(requireEnv("CATALOG")));
const inventory = createClient(Inventory, createChannel(requireEnv("INVENTORY")));
await runService("orders", (server) => server.add(Orders, createOrders({ catalog, inventory })));

function requireEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === "") throw new Error(`orders-server: set ${name} to the service's address, e.g. 127.0.0.1:5001`);
  return value;
}
