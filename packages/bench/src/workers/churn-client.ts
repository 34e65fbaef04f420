/**
 * S8's client worker (Bun): `bun churn-client.ts '<ChurnPorts JSON>'`. Commands:
 * `{cmd:"churn", mode, count, concurrency}` → `{event:"churned", ...ChurnResult}`; `{cmd:"exit"}`.
 * Failures answer `{event:"error", message}`.
 */
import { churn } from "../load/churn.ts";
import { CHURN_MODES, churnOnce, holdPlace, type ChurnMode, type ChurnPorts } from "../peers/churn-dialers.ts";
import { emit, onCommandsInOrder, type Command } from "./stdio-lines.ts";

const ports = JSON.parse(process.argv[2] ?? "{}") as ChurnPorts;
// The refusing server's one place is taken before any churn, so every churned connection is refused.
if (ports.strandRefusing !== undefined) await holdPlace(ports.strandRefusing);

async function handle(command: Command): Promise<void> {
  switch (command.cmd) {
    case "churn": {
      const mode = command["mode"] as ChurnMode;
      if (!CHURN_MODES.includes(mode)) throw new Error(`unknown churn mode ${String(mode)}`);
      const result = await churn(() => churnOnce(mode, ports), command["count"] as number, command["concurrency"] as number);
      emit({ event: "churned", ...result });
      return;
    }
    case "exit":
      process.exit(0);
      return;
    default:
      throw new Error(`unknown command ${command.cmd}`);
  }
}

onCommandsInOrder(handle);
