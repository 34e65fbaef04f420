import type { Subprocess } from "bun";
import { join } from "node:path";
import { type Channel, createChannel, createClient } from "strand";
import { AbuseService } from "../shared/abuse-service.ts";
import type { ServerStats, StatsRequest } from "../shared/server-stats.ts";
import { ChildLines } from "./child-lines.ts";

const MAIN = join(import.meta.dir, "..", "server", "main.ts");

/**
 * The server child process (`server/main.ts`: a default `createServer()`), started fresh for each
 * class so that one class's leftovers never count against the next, and a connection of its own
 * for the `stats` method.
 */
export class ServerProcess implements AsyncDisposable {
  private readonly channel: Channel;
  private readonly client;

  private constructor(
    private readonly proc: Subprocess<"pipe", "pipe", "inherit">,
    /** The server's loopback port. */
    readonly port: number,
  ) {
    this.channel = createChannel(this.target);
    this.client = createClient(AbuseService, this.channel);
  }

  /** Spawns the server and waits until it listens. */
  static async start(): Promise<ServerProcess> {
    const proc = Bun.spawn([process.execPath, ...(process.env["ABUSE_SERVER_FLAGS"]?.split(" ").filter(Boolean) ?? []), MAIN], { stdin: "pipe", stdout: "pipe", stderr: "inherit" });
    const lines = new ChildLines<{ port: number }>(proc.stdout);
    try {
      const { port } = await lines.next((l) => typeof l.port === "number", 15_000, "server start");
      return new ServerProcess(proc, port);
    } catch (error) {
      proc.kill();
      throw error;
    }
  }

  /** `host:port` for channels. */
  get target(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Calls the server's `stats` method. */
  async stats(request: StatsRequest = {}): Promise<ServerStats> {
    const reply = await this.client.stats(new TextEncoder().encode(JSON.stringify(request)), { timeoutMs: 30_000 });
    return JSON.parse(new TextDecoder().decode(reply)) as ServerStats;
  }

  /** Closes our connection and the server (its stdin closing makes it exit; killed if it lingers). */
  async [Symbol.asyncDispose](): Promise<void> {
    this.channel.close();
    void this.proc.stdin.end();
    const exited = await Promise.race([this.proc.exited.then(() => true), Bun.sleep(3000).then(() => false)]);
    if (!exited) this.proc.kill("SIGKILL");
  }
}
