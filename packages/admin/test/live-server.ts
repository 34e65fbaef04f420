/**
 * A Strand server with live calls for the admin tests: `Echo` with text "hold" waits until
 * `release()` (a call in flight), `Post` fails with NOT_FOUND (a recent failure), "expire" waits for its deadline (the client's
 * RST_STREAM DEADLINE_EXCEEDED is the connection's last error: {@link expire}); two channels
 * make two connections. Metrics, the call tracker and the admin endpoint are wired as a user would.
 */
import { createMetrics, type Metrics } from "@strand/metrics";
import { TestService } from "@strand/rpc/testing";
import { Code, createChannel, createClient, createServer, RpcError, type Channel, type Client, type Server } from "strand";
import { serveAdmin, trackCalls, type AdminEndpoint } from "../src/index.ts";

/** The running fixture. */
export interface LiveServer {
  readonly server: Server;
  readonly admin: AdminEndpoint;
  readonly metrics: Metrics;
  readonly clients: readonly Client<typeof TestService>[];
  /** Lets every held call return. */
  release(): void;
  close(): Promise<void>;
}

/** A call whose deadline passes: the client resets it with DEADLINE_EXCEEDED, the connection's last error on the server. */
export async function expire(client: Client<typeof TestService>): Promise<void> {
  await client.echo({ text: "expire" }, { timeoutMs: 20 }).catch(() => {});
}

/** Starts the server, two channels and the admin endpoint on free ports. */
export async function startLiveServer(): Promise<LiveServer> {
  const metrics = createMetrics();
  const calls = trackCalls();
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const server = createServer({ interceptors: [metrics.serverInterceptor, calls.interceptor] }).add(TestService, {
    async echo(req, ctx) {
      if (req.text === "hold") await released;
      if (req.text === "expire") await new Promise((resolve) => ctx.signal.addEventListener("abort", resolve));
      return req;
    },
    async post() {
      throw new RpcError(Code.NotFound, "no such ledger: 42");
    },
  });
  metrics.watch(server);
  const { port } = await server.listen({ hostname: "127.0.0.1", port: 0 });
  const channels: Channel[] = [createChannel(`127.0.0.1:${port!}`), createChannel(`127.0.0.1:${port!}`)];
  const clients = channels.map((c) => createClient(TestService, c));
  const admin = await serveAdmin({ server, metrics, calls, hostname: "127.0.0.1", port: 0 });
  return {
    server,
    admin,
    metrics,
    clients,
    release,
    async close() {
      release();
      for (const c of channels) c.close();
      await admin.close();
      await server.close({ force: true });
    },
  };
}
