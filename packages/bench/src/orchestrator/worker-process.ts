/**
 * A benchmark process (server or client worker) driven over stdio with JSON lines. Every process
 * the orchestrator starts is one of these, and `stop()` — called from `finally` blocks — closes
 * its stdin (workers exit on that) and kills it if it lingers, so no run leaves orphans.
 */
import type { Subprocess } from "bun";

/** One event line a worker printed. */
export interface WorkerEvent {
  readonly event: string;
  readonly [key: string]: unknown;
}

/** A running worker; see the module comment. */
export class WorkerProcess {
  private readonly events: WorkerEvent[] = [];
  private waiter: ((event: WorkerEvent | undefined) => void) | undefined;
  private exited = false;

  private constructor(
    readonly name: string,
    private readonly proc: Subprocess<"pipe", "pipe", "inherit">,
  ) {
    void this.readLines();
    void proc.exited.then(() => {
      this.exited = true;
      this.wake(undefined);
    });
  }

  /** Starts `argv` with piped stdin/stdout (stderr is passed through for diagnostics). */
  static start(name: string, argv: readonly string[], env?: Readonly<Record<string, string>>): WorkerProcess {
    const proc = Bun.spawn([...argv], {
      stdin: "pipe",
      stdout: "pipe",
      stderr: "inherit",
      env: { ...process.env, ...env },
    });
    return new WorkerProcess(name, proc);
  }

  /** Sends one command line. */
  send(command: Readonly<Record<string, unknown>>): void {
    if (this.exited) throw new Error(`${this.name} has exited`);
    this.proc.stdin.write(`${JSON.stringify(command)}\n`);
    this.proc.stdin.flush();
  }

  /**
   * The next event, which must be `expected`: an `error` event, an exit or `timeoutMs` without
   * output throw, naming the worker.
   */
  async next(expected: string, timeoutMs = 60_000): Promise<WorkerEvent> {
    const event = this.events.shift() ?? (await this.wait(timeoutMs));
    if (event === undefined) throw new Error(`${this.name}: no '${expected}' event (exited or timed out after ${timeoutMs} ms)`);
    if (event.event !== expected) throw new Error(`${this.name}: expected '${expected}', got ${JSON.stringify(event)}`);
    return event;
  }

  /** Sends `command` and returns the reply event `expected`. */
  async request(command: Readonly<Record<string, unknown>>, expected: string, timeoutMs?: number): Promise<WorkerEvent> {
    this.send(command);
    return this.next(expected, timeoutMs);
  }

  /** Process id, for diagnostics. */
  get pid(): number {
    return this.proc.pid;
  }

  /** Closes stdin (workers exit on it), then kills after `graceMs`; resolves once it has exited. */
  async stop(graceMs = 1_000): Promise<void> {
    if (!this.exited) {
      try {
        this.proc.stdin.end();
      } catch {
        // Already closed: the kill below still applies.
      }
    }
    const timer = setTimeout(() => this.proc.kill("SIGKILL"), graceMs);
    try {
      await this.proc.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  private wait(timeoutMs: number): Promise<WorkerEvent | undefined> {
    if (this.exited) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.wake(undefined), timeoutMs);
      this.waiter = (event) => {
        clearTimeout(timer);
        resolve(event);
      };
    });
  }

  private wake(event: WorkerEvent | undefined): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    if (waiter !== undefined) waiter(event);
    else if (event !== undefined) this.events.push(event);
  }

  private async readLines(): Promise<void> {
    const decoder = new TextDecoder();
    let pending = "";
    for await (const chunk of this.proc.stdout) {
      pending += decoder.decode(chunk, { stream: true });
      let newline = pending.indexOf("\n");
      while (newline >= 0) {
        const line = pending.slice(0, newline).trim();
        pending = pending.slice(newline + 1);
        if (line.startsWith("{")) this.wake(JSON.parse(line) as WorkerEvent);
        else if (line.length > 0) console.error(`[${this.name}] ${line}`);
        newline = pending.indexOf("\n");
      }
    }
  }
}
