/**
 * The abuse suite's server: a child Bun process running a Strand server with DEFAULT options on
 * a free loopback port, serving {@link AbuseService}. It prints `{"port": n}` on one line once it
 * listens, and exits when its stdin closes (the suite ended or died).
 *
 *   bun abuse/server/main.ts
 */
import { createServer } from "strand";
import { AbuseService } from "../shared/abuse-service.ts";
import { abuseHandlers } from "./handlers.ts";
import { HandlerCensus } from "./handler-census.ts";
import { SessionRegistry } from "./session-registry.ts";
import { StatsCollector } from "./stats-collector.ts";

const registry = new SessionRegistry();
registry.install();
const census = new HandlerCensus();
const server = createServer();
const collector = new StatsCollector(server, census, registry);
server.add(AbuseService, abuseHandlers(census, collector));
const { port } = await server.listen({ hostname: "127.0.0.1", port: 0 });
console.log(JSON.stringify({ port }));

// The parent holds our stdin: when it closes (normally or not), we go too.
for await (const _ of Bun.stdin.stream()) void _;
collector.stop();
await server.close({ force: true });
process.exit(0);
