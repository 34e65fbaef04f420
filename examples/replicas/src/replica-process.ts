/** Starts and stops replica processes (src/replica.ts) for the demo. */
import type { Subprocess } from "bun";

/** A running replica. */
export interface ReplicaProcess {
  readonly host: string;
  readonly port: number;
  /** SIGTERM (the replica drains itself), then its exit code. */
  stop(): Promise<number>;
}

/** Starts a replica on `host`:`port` (0: a free port) and resolves once it listens. */
export async function startReplica(host: string, port: number, env: Record<string, string> = {}): Promise<ReplicaProcess> {
  const child: Subprocess<"ignore", "pipe", "inherit"> = Bun.spawn([process.execPath, new URL("./replica.ts", import.meta.url).pathname], {
    env: { ...process.env, ...env, HOST: host, PORT: String(port) },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "inherit",
  });
  let text = "";
  const reader = child.stdout.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`replica ${host} exited before listening (code ${await child.exited}): ${text}`);
    text += new TextDecoder().decode(value);
    const match = /ready (\d+)/.exec(text);
    if (match !== null) {
      reader.releaseLock();
      return {
        host,
        port: Number(match[1]),
        async stop() {
          child.kill("SIGTERM");
          return child.exited;
        },
      };
    }
  }
}
