/** The catalog service as a process (see service-main.ts). */
import { Catalog } from "./gen/shop/v1/catalog.ts";
import { catalogHandlers } from "./catalog-service.ts";
import { runService } from "./service-main.ts";

await runService("catalog", (server) => server.add(Catalog, catalogHandlers));
