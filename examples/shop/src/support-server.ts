/** The support chat service as a process (see service-main.ts). */
import { Support } from "./gen/shop/v1/support.ts";
import { supportHandlers } from "./support-service.ts";
import { runService } from "./service-main.ts";

await runService("support", (server) => server.add(Support, supportHandlers));
