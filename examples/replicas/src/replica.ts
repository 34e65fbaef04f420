/**
 * One replica of the greeter, as its own process: listens on `HOST`:`PORT`, answers with its name
 * so the demo can see where each call went, and shuts down on SIGTERM the way an orchestrator
 * expects (`closeOnSignal`): health NOT_SERVING at once, `NOT_SERVING_DELAY_MS` of serving while
 * clients move away, then GOAWAY, calls in flight finish, and the process exits.
 * `MAX_CONNECTION_AGE_MS` makes long-lived client connections rebalance onto new replicas.
 */
import { closeOnSignal, createServer } from "strand";
import { Greeter } from "./gen/greeter/v1/greeter.ts";

const host = process.env["HOST"] ?? "127.0.0.1";
const server = createServer({ maxConnectionAgeMs: Number(process.env["MAX_CONNECTION_AGE_MS"] ?? 30_000), gracePeriodMs: 5_000 });
server.add(Greeter, {
  async sayHello(request) {
    // A little work per call, so that calls overlap as they do in production.
    await Bun.sleep(2);
    return { message: `${host} greets ${request.name}` };
  },
  async *streamGreetings(request) {
    yield { message: `${host} greets ${request.name}` };
  },
});
const { port } = await server.listen({ hostname: host, port: Number(process.env["PORT"] ?? 0) });
closeOnSignal(server, { notServingDelayMs: Number(process.env["NOT_SERVING_DELAY_MS"] ?? 1_000) });
console.log(`ready ${port}`);
