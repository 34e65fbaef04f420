/** The inventory service as a process (see service-main.ts). */
import { Inventory } from "./gen/shop/v1/inventory.ts";
import { createInventory } from "./inventory-service.ts";
import { runService } from "./service-main.ts";

await runService("inventory", (server, log) => server.add(Inventory, createInventory(log)));
