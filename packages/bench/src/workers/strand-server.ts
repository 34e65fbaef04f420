/**
 * Strand's benchmark server (Bun): the generated `Bench` service on `createServer()` with default
 * options, so the figures are what a user gets out of the box. An optional argument gives server
 * options as JSON (S8's refusing server: `{"maxConnections":1}`).
 */
import { createServer, type ServerOptions } from "strand";
import { Bench, type BenchHandlers, type Payload } from "../gen/bench.ts";
import { serveControl } from "./server-control.ts";

const handlers: BenchHandlers = {
  async echo(request) {
    return request;
  },
  async *pump(request, ctx) {
    const message: Payload = { data: new Uint8Array(request.size) };
    for (let sent = 0; request.count === 0 || sent < request.count; sent++) {
      if (ctx.signal.aborted) return;
      yield message;
    }
  },
  async *chat(requests) {
    for await (const request of requests) yield request;
  },
};

const options = JSON.parse(process.argv[2] ?? "{}") as ServerOptions;
const server = createServer(options).add(Bench, handlers);
const { port } = await server.listen({ hostname: "127.0.0.1", port: 0 });
serveControl({ port: port! });
