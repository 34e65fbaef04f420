/**
 * Line-delimited JSON over stdin/stdout: how the orchestrator drives server and client workers.
 * Node-compatible on purpose (no Bun APIs) because the grpc-js workers also run on Node.
 */

/** A parsed command line from the orchestrator: a JSON object with a `cmd` name. */
export interface Command {
  readonly cmd: string;
  readonly [key: string]: unknown;
}

/** Calls `handle` for every JSON line on stdin; exits the process when stdin closes. */
export function onCommands(handle: (command: Command) => void): void {
  let pending = "";
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (chunk: string) => {
    pending += chunk;
    let newline = pending.indexOf("\n");
    while (newline >= 0) {
      const line = pending.slice(0, newline).trim();
      pending = pending.slice(newline + 1);
      if (line.length > 0) handle(parseCommand(line));
      newline = pending.indexOf("\n");
    }
  });
  // The orchestrator closing our stdin (or dying) is the universal stop signal: no orphans.
  process.stdin.on("end", () => process.exit(0));
  process.stdin.on("close", () => process.exit(0));
  process.stdin.resume();
}

/**
 * {@link onCommands} for async handlers: each command runs after the previous one finished, and a
 * failure is reported as an `error` event instead of ending the worker.
 */
export function onCommandsInOrder(handle: (command: Command) => Promise<void>): void {
  let queue = Promise.resolve();
  onCommands((command) => {
    queue = queue.then(() => handle(command)).catch((error: unknown) => emit({ event: "error", message: error instanceof Error ? error.message : String(error) }));
  });
}

/** Parses one command line; a malformed line is a bug in the orchestrator, so it throws. */
export function parseCommand(line: string): Command {
  const value: unknown = JSON.parse(line);
  if (typeof value !== "object" || value === null || typeof (value as { cmd?: unknown }).cmd !== "string") {
    throw new Error(`not a command: ${line}`);
  }
  return value as Command;
}

/** Writes one event line to stdout for the orchestrator. */
export function emit(event: Readonly<Record<string, unknown>>): void {
  process.stdout.write(`${JSON.stringify(event)}\n`);
}
