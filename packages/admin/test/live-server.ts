/**
 * A Strand server with live calls for the admin tests: `Echo` with text "hold" waits until
 * `release()` (a call in flight), `Post` fails with NOT_FOUND (a recent failure), requests over 64 KiB are refused by the wire (the
 * connection's last error: {@link oversize}); two channels
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

/**
 * A request over the server's 64 KiB limit as a channel's first call: it goes out before the
 * server's SETTINGS (which announce the limit) arrive, so the server resets it with
 * MESSAGE_TOO_LARGE — the connection's last error. Later calls would be refused by the client.
 */
export async function oversize(client: Client<typeof TestService>): Promise<void> {
  await client.echo({ text: "x".repeat(100_000) }).catch(() => {});
}

/** Starts the server, two channels and the admin endpoint on free ports. */
export async function startLiveServer(): Promise<LiveServer> {
  const metrics = createMetrics();
  const calls = trackCalls();
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const server = createServer({ maxReceiveMessageBytes: 64 * 1024, interceptors: [metrics.serverInterceptor, calls.interceptor] }).add(TestService, {
    async echo(req) {
      if (req.text === "hold") await released;
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
