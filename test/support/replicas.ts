import { createServer, type Server, type ServerOptions } from "strand";
import { TestService } from "@strand/rpc/testing";

/** One replica of a service: a real server, and how many calls it handled. */
export interface Replica {
  /** What its `echo` answers as `text`, e.g. `"127.0.0.3"` or `"127.0.0.1:41234"`. */
  readonly name: string;
  readonly server: Server;
  readonly hostname: string;
  readonly port: number;
  calls: number;
}

/** A set of replicas, closed (at once) on dispose. */
export interface Replicas extends AsyncDisposable {
  readonly list: readonly Replica[];
  /** The replica named `name`. */
  get(name: string): Replica;
}

/** Options of {@link startReplicas}. */
export interface ReplicaOptions {
  /** How long each call takes on the server. Milliseconds; 0. */
  readonly delayMs?: number;
  /** The port to listen on (all replicas, unless `samePort: false`). Default: a free one. */
  readonly port?: number;
  readonly server?: ServerOptions;
}

/**
 * Starts one `TestService` server per hostname — all on the same port, as replicas behind one
 * DNS name are (`127.0.0.2`, `127.0.0.3`, … are all loopback on Linux) — whose `echo` counts the
 * call and answers with the replica's name. With `samePort: false`, each on its own port
 * (replicas behind SRV records).
 */
export async function startReplicas(hostnames: readonly string[], options: ReplicaOptions & { readonly samePort?: boolean } = {}): Promise<Replicas> {
  for (let attempt = 0; ; attempt++) {
    const list: Replica[] = [];
    try {
      let port = options.port ?? 0;
      for (const hostname of hostnames) {
        const replica = await startReplica(hostname, options.samePort === false ? 0 : port, options, options.samePort === false);
        port = replica.port;
        list.push(replica);
      }
      return {
        list,
        get: (name) => {
          const found = list.find((r) => r.name === name);
          if (found === undefined) throw new Error(`no replica ${name}`);
          return found;
        },
        [Symbol.asyncDispose]: async () => {
          await Promise.all(list.map((r) => r.server.close({ force: true })));
        },
      };
    } catch (error) {
      await Promise.all(list.map((r) => r.server.close({ force: true })));
      // The port the first replica got may be taken on another loopback address: try another.
      if (attempt >= 10 || options.port !== undefined) throw error;
    }
  }
}

async function startReplica(hostname: string, port: number, options: ReplicaOptions, nameWithPort: boolean): Promise<Replica> {
  const server = createServer(options.server);
  const bound = (await server.listen({ hostname, port })).port!;
  const name = nameWithPort ? `${hostname}:${bound}` : hostname;
  const replica: Replica = { name, server, hostname, port: bound, calls: 0 };
  server.add(TestService, {
    async echo(request) {
      replica.calls++;
      const delayMs = options.delayMs ?? 0;
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      return { text: name, n: request.n };
    },
  });
  return replica;
}
