import { createServer as createTransportServer, type Server as TransportServer, type ServerOptions as TransportServerOptions } from "@strand/tcp";
import { HealthRegistry, type ServerHealth } from "./health/health-registry.ts";
import { Health, healthHandlers } from "./health/health-service.ts";
import { type ReflectionOption, serveReflection } from "./reflection/serve-reflection.ts";
import { serverClose, type CloseOptions } from "./server-close.ts";

/** Options of {@link createServer}: the transport's, plus the services every server carries. */
export interface ServerOptions extends TransportServerOptions {
  /**
   * Serve `grpc.health.v1.Health` (Check, Watch, List) from `server.health`. Default `true`;
   * `false` leaves it out (the registry still exists, unused).
   */
  readonly health?: boolean;
  /**
   * Serve gRPC server reflection (`grpc.reflection.v1` and `v1alpha`), which `strand list`,
   * `strand describe` and `strand call` read. Default `false`. `true` describes every generated file
   * imported so far; `{ files: [file_greeter_v1_greeter] }` describes those (and their imports) —
   * for a server bundled with tree shaking, which keeps only descriptor constants it references.
   */
  readonly reflection?: ReflectionOption;
}

/** A Strand server (see the transport's `Server`) with its health registry. */
export interface Server extends TransportServer {
  /**
   * The statuses the health service reports: `server.health.set(service, "SERVING")`. The server
   * itself (`""`) and the services added to it are SERVING once it listens and NOT_SERVING as
   * soon as a graceful `close()` starts — watchers are told before the connections get GOAWAY.
   */
  readonly health: ServerHealth;
  /**
   * Graceful by default, in the order orchestrators need: the health service reports NOT_SERVING
   * at once, the server goes on serving for `notServingDelayMs` (0) so that load balancers can
   * notice, then every connection gets GOAWAY (`ctx.draining` aborts), in-flight calls finish
   * within the grace period (`gracePeriodMs`: this call's, else the server's) and are cancelled
   * after it. A second call while one runs returns the same promise; `force` cancels everything
   * now, also in the middle of a graceful close. `closeOnSignal` runs it on SIGTERM.
   */
  close(options?: CloseOptions): Promise<void>;
}

/**
 * Creates a server; every option is verified here, so bad values fail at construction. It serves
 * the health service unless `health: false`.
 */
export function createServer(options: ServerOptions = {}): Server {
  const { health: serveHealth = true, reflection: reflectionOption = false, ...transportOptions } = options;
  if (typeof serveHealth !== "boolean") throw new TypeError(`createServer: health must be a boolean, got ${JSON.stringify(serveHealth)}`);
  const inner = createTransportServer(transportOptions);
  const health = new HealthRegistry();
  const close = serverClose(health, inner);
  if (serveHealth) inner.add(Health, healthHandlers(health));
  const reflection = serveReflection(inner, reflectionOption, serveHealth ? [Health.typeName] : []);
  const server: Server = {
    health,
    add(service, handlers) {
      inner.add(service, handlers);
      reflection?.follow(service.typeName);
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
    close,
    get connections() {
      return inner.connections;
    },
    get handlers() {
      return inner.handlers;
    },
    get connectionFigures() {
      return inner.connectionFigures;
    },
    get connectionTotals() {
      return inner.connectionTotals;
    },
    get connectionList() {
      return inner.connectionList;
    },
    get listenerList() {
      return inner.listenerList;
    },
    async [Symbol.asyncDispose]() {
      await this.close({ force: true });
    },
  };
  return server;
}
