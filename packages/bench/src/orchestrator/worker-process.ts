/**
 * A benchmark process (server or client worker) driven over stdio with JSON lines. Every process
 * the orchestrator starts is one of these, and `stop()` — called from `finally` blocks — closes
 * its stdin (workers exit on that) and kills it if it lingers, so no run leaves orphans.
 * Its stderr is read line by line: JSC's GC log and the allocation marks feed a {@link GcLog}
 * (the allocation figure), everything else is shown, prefixed with the worker's name.
 */
import type { Subprocess } from "bun";
import { GcLog } from "./gc-log.ts";

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
  private readonly gcLog = new GcLog();

  private constructor(
    readonly name: string,
    private readonly proc: Subprocess<"pipe", "pipe", "pipe">,
  ) {
    void forEachLine(proc.stdout, (line) => {
      const trimmed = line.trim();
      if (trimmed.startsWith("{")) this.wake(JSON.parse(trimmed) as WorkerEvent);
      else if (trimmed.length > 0) console.error(`[${this.name}] ${trimmed}`);
    });
    void forEachLine(proc.stderr, (line) => {
      if (!this.gcLog.take(line) && line.trim().length > 0) console.error(`[${this.name}] ${line.trimEnd()}`);
    }).finally(() => this.gcLog.end());
    void proc.exited.then(() => {
      this.exited = true;
      this.wake(undefined);
    });
  }

  /** Starts `argv` with piped stdio (stderr lines other than the GC log are shown, for diagnostics). */
  static start(name: string, argv: readonly string[], env?: Readonly<Record<string, string>>): WorkerProcess {
    const proc = Bun.spawn([...argv], {
      stdin: "pipe",
      stdout: "pipe",
      stderr: "pipe",
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

  /**
   * Bytes the worker allocated on its JS heap between two of its allocation marks (see
   * gc-log.ts); undefined when it does not log its collections or a mark never arrived.
   */
  allocatedBetween(start: unknown, end: unknown): Promise<number | undefined> {
    return this.gcLog.allocatedBetween(start, end);
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
}

/** Calls `onLine` for every line of `stream` (without its newline), the last one even if unterminated. */
async function forEachLine(stream: ReadableStream<Uint8Array>, onLine: (line: string) => void): Promise<void> {
  const decoder = new TextDecoder();
  let pending = "";
  for await (const chunk of stream) {
    pending += decoder.decode(chunk, { stream: true });
    let newline = pending.indexOf("\n");
    while (newline >= 0) {
      onLine(pending.slice(0, newline));
      pending = pending.slice(newline + 1);
      newline = pending.indexOf("\n");
    }
  }
  pending += decoder.decode();
  if (pending.length > 0) onLine(pending);
}
