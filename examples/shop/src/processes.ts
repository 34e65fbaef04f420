import type { Subprocess } from "bun";

/** A service process started by {@link startService}. */
export interface ServiceProcess {
  readonly name: string;
  readonly address: string;
  readonly pid: number;
  /** Log lines the service printed, in order. */
  readonly logs: string[];
  /** Called with each new log line. */
  onLog: ((line: string) => void) | undefined;
  /** SIGTERM, then waits for a graceful exit; resolves with the exit code. */
  stop(): Promise<number>;
}

const here = new URL(".", import.meta.url).pathname;

/**
 * Starts `src/<name>-server.ts` in its own Bun process and resolves once it printed `ready <port>`.
 * A process that exits first rejects with its output, so a broken service fails loudly.
 */
export async function startService(name: string, env: Record<string, string> = {}): Promise<ServiceProcess> {
  const proc: Subprocess<"pipe", "pipe", "inherit"> = Bun.spawn([process.execPath, `${here}${name}-server.ts`], {
    env: { ...process.env, ...env },
    stdin: "pipe",
    stdout: "pipe",
    stderr: "inherit",
  });
  const logs: string[] = [];
  const service: ServiceProcess = {
    name,
    address: "",
    pid: proc.pid,
    logs,
    onLog: undefined,
    async stop() {
      proc.kill("SIGTERM");
      return await proc.exited;
    },
  };
  const reader = proc.stdout.getReader();
  const decoder = new TextDecoder();
  let buffered = "";
  let resolveReady!: (port: number) => void;
  const ready = new Promise<number>((resolve) => (resolveReady = resolve));
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffered += decoder.decode(value, { stream: true });
      let nl: number;
      while ((nl = buffered.indexOf("\n")) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        const match = /^ready (\d+)$/.exec(line);
        if (match !== null) resolveReady(Number(match[1]));
        else {
          logs.push(line);
          service.onLog?.(line);
        }
      }
    }
  })();
  const port = await Promise.race([ready, proc.exited.then((code) => Promise.reject(new Error(`${name} exited with ${code} before it was ready:\n${logs.join("\n")}`)))]);
  return Object.assign(service, { address: `127.0.0.1:${port}` });
}
