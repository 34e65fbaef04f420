import { createClient } from "../client.ts";
import type { ClientOptions } from "../client-options.ts";
import type { Client } from "../client-types.ts";
import type { ServiceDescriptor } from "../descriptor.ts";
import { Dispatcher } from "../dispatcher.ts";
import { Router } from "../router.ts";
import type { ServerOptions } from "../server-options.ts";
import type { ServiceHandlers } from "../service-handlers.ts";
import { MemoryTransport, type MemoryTransportOptions } from "./memory-transport.ts";

/** Everything {@link createMemoryPair} wires together, for tests to poke at. */
export interface MemoryPair<S extends ServiceDescriptor> {
  readonly client: Client<S>;
  readonly transport: MemoryTransport;
  readonly router: Router;
  readonly dispatcher: Dispatcher;
}

/** Options of {@link createMemoryPair}, one bag per layer. */
export interface MemoryPairOptions {
  readonly client?: Partial<ClientOptions>;
  readonly server?: Partial<ServerOptions>;
  readonly transport?: MemoryTransportOptions;
}

/**
 * A service served and consumed in-process: router + dispatcher + memory transport + typed client.
 * The shortest path to exercising handlers exactly as a socket transport would run them.
 */
export function createMemoryPair<S extends ServiceDescriptor>(
  service: S,
  handlers: Partial<ServiceHandlers<S>>,
  options: MemoryPairOptions = {},
): MemoryPair<S> {
  const router = new Router().add(service, handlers);
  const dispatcher = new Dispatcher(router, options.server);
  const transport = new MemoryTransport(dispatcher, options.transport);
  const client = createClient(service, transport, options.client);
  return { client, transport, router, dispatcher };
}
