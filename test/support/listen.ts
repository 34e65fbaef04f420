import type { Server } from "strand";

/** Listens on 127.0.0.1 port 0 and returns the `host:port` target a channel dials. */
export async function listenLocal(server: Server, port = 0): Promise<string> {
  const bound = await server.listen({ hostname: "127.0.0.1", port });
  return `127.0.0.1:${String(bound.port)}`;
}

/** The port of a `host:port` target. */
export function portOf(target: string): number {
  return Number(target.slice(target.lastIndexOf(":") + 1));
}
