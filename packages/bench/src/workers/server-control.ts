/**
 * The control side of every benchmark server: announces the listening ports, then answers
 * `usage` (CPU time, RSS, heap, an allocation mark) and `gc` commands so the orchestrator can
 * attribute server CPU and allocation to a measurement window and measure memory per idle
 * connection without touching the server's code.
 * Node-compatible: the grpc-js server runs on Node too.
 */
import { markAllocation } from "../load/alloc-mark.ts";
import { socketBytesWritten } from "../peers/socket-bytes.ts";
import { emit, onCommands } from "./stdio-lines.ts";

/** What a server reports for one `usage` command. */
export interface ServerUsage {
  /** User + system CPU time since the process started. Microseconds. */
  readonly cpuUs: number;
  /** Resident set size. Bytes. */
  readonly rss: number;
  /** JS heap in use. Bytes. */
  readonly heapUsed: number;
  /** Bytes written to TCP sockets so far, when the server counts them (S9's peers). */
  readonly bytesWritten?: number;
  /** The allocation mark written with this sample, when the server logs its collections. */
  readonly allocMark?: number;
}

/** Samples this process's CPU and memory. */
export function sampleUsage(): ServerUsage {
  const cpu = process.cpuUsage();
  const memory = process.memoryUsage();
  const bytesWritten = socketBytesWritten();
  const allocMark = markAllocation();
  return {
    cpuUs: cpu.user + cpu.system,
    rss: memory.rss,
    heapUsed: memory.heapUsed,
    ...(bytesWritten === undefined ? {} : { bytesWritten }),
    ...(allocMark === undefined ? {} : { allocMark }),
  };
}

/** Runs a full garbage collection when the runtime allows it (Bun always, Node with --expose-gc). */
export function collectGarbage(): void {
  if (typeof Bun !== "undefined") {
    Bun.gc(true);
    return;
  }
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc !== undefined) gc();
}

/**
 * Prints `{event: "listening", ...ports, ...urls}` and serves control commands until stdin closes.
 * `urls` are endpoints that are not a bare port (Strand's WebSocket URL).
 */
export function serveControl(ports: Readonly<Record<string, number>>, urls: Readonly<Record<string, string>> = {}): void {
  emit({ event: "listening", ...ports, ...urls });
  onCommands((command) => {
    switch (command.cmd) {
      case "usage":
        emit({ event: "usage", ...sampleUsage() });
        return;
      case "gc":
        collectGarbage();
        emit({ event: "gc" });
        return;
      case "exit":
        process.exit(0);
        return;
      default:
        emit({ event: "error", message: `unknown command ${command.cmd}` });
    }
  });
}
