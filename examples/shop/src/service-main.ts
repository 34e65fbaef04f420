import { createServer, type Server } from "strand";

/**
 * Runs one service as its own process: listens on 127.0.0.1 (port from `PORT`, default a free
 * one), prints `ready <port>` so a supervisor knows where it is, logs with the service's name,
 * and shuts down gracefully (GOAWAY, in-flight calls finish) on SIGTERM, SIGINT or stdin EOF.
 */
export async function runService(name: string, register: (server: Server, log: (line: string) => void) => void): Promise<void> {
  const log = (line: string): void => console.log(`[${name}] ${line}`);
  // reflection: `strand list`, `describe` and `call` read the schema from the running service.
  const server = createServer({ reflection: true, gracePeriodMs: 5000, logger: { error: (message, error) => log(`${message}: ${String(error)}`) } });
  register(server, log);
  const { port } = await server.listen({ hostname: "127.0.0.1", port: Number(process.env["PORT"] ?? 0) });
  console.log(`ready ${port}`);
  let closing = false;
  const shutdown = async (): Promise<void> => {
    if (closing) return;
    closing = true;
    await server.close();
    log("stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown());
  process.on("SIGINT", () => void shutdown());
  process.stdin.on("end", () => void shutdown());
  process.stdin.resume();
}
