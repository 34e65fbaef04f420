/**
 * The generic client worker: runs whatever load the orchestrator sends, one command at a time, on
 * fresh connections from the peer's driver, and reports results as JSON lines. Each peer has a tiny
 * entry file that builds its driver and calls {@link runClientWorker}. Node-compatible.
 */
import { closeAll, openIdle } from "../load/idle-connections.ts";
import { runLoad } from "../load/run-load.ts";
import type { LoadSpec } from "../load/scenario-spec.ts";
import type { PeerConnection, PeerDriver } from "../peers/peer-connection.ts";
import { emit, onCommandsInOrder, type Command } from "./stdio-lines.ts";

/**
 * Commands: `{cmd:"run", spec}` → `measuring`, then `result`; `{cmd:"open", count}` → `opened`;
 * `{cmd:"close"}` → `closed`; `{cmd:"exit"}`. Failures answer `{event:"error", message}`.
 */
export function runClientWorker(driver: PeerDriver): void {
  let idle: PeerConnection[] = [];

  const handle = async (command: Command): Promise<void> => {
    switch (command.cmd) {
      case "run": {
        const connection = await driver.connect();
        try {
          const result = await runLoad(connection, command["spec"] as LoadSpec, () => emit({ event: "measuring" }));
          emit({ event: "result", result });
        } finally {
          await connection.close();
        }
        return;
      }
      case "open": {
        const start = performance.now();
        idle = idle.concat(await openIdle(driver, command["count"] as number));
        emit({ event: "opened", connections: idle.length, ms: performance.now() - start });
        return;
      }
      case "close":
        await closeAll(idle);
        idle = [];
        emit({ event: "closed" });
        return;
      case "exit":
        process.exit(0);
        return;
      default:
        throw new Error(`unknown command ${command.cmd}`);
    }
  };

  onCommandsInOrder(handle);
}
