import { createServer as createTransportServer, type Server as TransportServer, type ServerOptions as TransportServerOptions } from "@strand/tcp";
import { HealthRegistry, type ServerHealth } from "./health/health-registry.ts";
import { Health, healthHandlers } from "./health/health-service.ts";

/** Options of {@link createServer}: the transport's, plus the services every server carries. */
export interface ServerOptions extends TransportServerOptions {
  /**
   * Serve `grpc.health.v1.Health` (Check, Watch, List) from `server.health`. Default `true`;
   * `false` leaves it out (the registry still exists, unused).
   */
  readonly health?: boolean;
}

/** A Strand server (see the transport's `Server`) with its health registry. */
export interface Server extends TransportServer {
  /**
   * The statuses the health service reports: `server.health.set(service, "SERVING")`. The server
   * itself (`""`) and the services added to it are SERVING once it listens and NOT_SERVING as
   * soon as a graceful `close()` starts — watchers are told before the connections get GOAWAY.
   */
  readonly health: ServerHealth;
}

/**
 * Creates a server; every option is verified here, so bad values fail at construction. It serves
 * the health service unless `health: false`.
 */
export function createServer(options: ServerOptions = {}): Server {
  const { health: serveHealth = true, ...transportOptions } = options;
  if (typeof serveHealth !== "boolean") throw new TypeError(`createServer: health must be a boolean, got ${JSON.stringify(serveHealth)}`);
  const inner = createTransportServer(transportOptions);
  const health = new HealthRegistry();
  if (serveHealth) inner.add(Health, healthHandlers(health));
  const server: Server = {
    health,
    add(service, handlers) {
      inner.add(service, handlers);
      if (service.typeName !== Health.typeName) health.follow(service.typeName);
      return this;
    },
    async listen(address) {
      const bound = await inner.listen(address);
      health.serving();
      return bound;
    },
    webSocket(wsOptions) {
      const endpoint = inner.webSocket(wsOptions);
      // Mounted into the user's Bun.serve, which is already accepting requests.
      health.serving();
      return endpoint;
    },
    updateTls(tls) {
      return inner.updateTls(tls);
    },
    async close(closeOptions = {}) {
      health.shutdown();
      // Watchers must read NOT_SERVING before GOAWAY: wait until each was handed it, then a turn
      // so that the write scheduler has put those messages on the socket ahead of the GOAWAY.
      if (closeOptions.force !== true) {
        await health.delivered();
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      await inner.close(closeOptions);
    },
    get connections() {
      return inner.connections;
    },
    get handlers() {
      return inner.handlers;
    },
    async [Symbol.asyncDispose]() {
      await this.close({ force: true });
    },
  };
  return server;
}
