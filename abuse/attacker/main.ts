/**
 * The attacker: a child Bun process (its CPU is not the bystander's event loop) that runs one
 * attack against the server on loopback and reports on stdout, one JSON line per event (see
 * `AttackerEvent`). It reads commands from stdin: `stop` ends the attack but keeps its connections
 * (so the server's memory can be measured with them held), `close` closes them and exits.
 *
 *   bun abuse/attacker/main.ts <attack> <port> [argument]
 */
import { setPriority } from "node:os";
import type { AttackerEvent } from "../shared/attacker-report.ts";
import type { AttackName } from "../shared/attack-names.ts";
import { churn, garbage } from "./attacks/connections.ts";
import { pingFlood, settingsFlood, windowUpdateFlood } from "./attacks/control-floods.ts";
import { emptyDataFlood, zeroLengthMessages } from "./attacks/data-floods.ts";
import { maximalMessages, maximalMetadata } from "./attacks/heavy-calls.ts";
import { legitimateCanceller } from "./attacks/legitimate-client.ts";
import { madeYouReset, rapidReset } from "./attacks/resets.ts";
import { slowPeers } from "./attacks/slow-peers.ts";
import { Campaign } from "./campaign.ts";

const attacks: Record<AttackName, (campaign: Campaign, argument: number | undefined) => Promise<void>> = {
  "ping-flood": pingFlood,
  "settings-flood": settingsFlood,
  "rapid-reset": rapidReset,
  "made-you-reset": madeYouReset,
  "window-update-flood": windowUpdateFlood,
  "empty-data-flood": emptyDataFlood,
  "zero-length-messages": zeroLengthMessages,
  "maximal-metadata": maximalMetadata,
  "maximal-messages": (c, parallel) => maximalMessages(c, parallel),
  "slow-peers": slowPeers,
  garbage,
  churn: (c, total) => churn(c, total),
  "legitimate-canceller": (c, durationMs) => legitimateCanceller(c, durationMs),
};

/**
 * The attacker runs at a lower CPU priority. Outside this suite it has machines of its own; here
 * it shares two cores with the server and the bystander, and without this the bystander's figure
 * would measure the kernel's scheduler rather than how fairly the server treats connections.
 * It still gets every cycle the other two leave.
 */
setPriority(19);

function emit(event: AttackerEvent): void {
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

const [name, portText, argumentText] = process.argv.slice(2);
const attack = attacks[name as AttackName];
if (attack === undefined || portText === undefined) {
  emit({ event: "error", message: `usage: main.ts <${Object.keys(attacks).join("|")}> <port> [argument]` });
  process.exit(2);
}
const campaign = new Campaign(Number(portText), () => emit({ event: "started" }));
const running = attack(campaign, argumentText === undefined ? undefined : Number(argumentText)).then(
  () => {
    if (campaign.active) emit({ event: "finished", report: campaign.report() });
  },
  (error: unknown) => emit({ event: "error", message: String((error as Error)?.stack ?? error) }),
);

let buffered = "";
for await (const chunk of Bun.stdin.stream()) {
  buffered += new TextDecoder().decode(chunk);
  let newline: number;
  while ((newline = buffered.indexOf("\n")) >= 0) {
    const command = buffered.slice(0, newline).trim();
    buffered = buffered.slice(newline + 1);
    if (command === "stop") {
      campaign.stop();
      await Promise.race([running, Bun.sleep(2000)]);
      await Bun.sleep(250); // the server's answer to what was still in flight (a GOAWAY) comes in
      emit({ event: "stopped", report: campaign.report() });
    } else if (command === "close") {
      await campaign.closeAll();
      await Bun.sleep(100);
      emit({ event: "done", report: campaign.report() });
      process.exit(0);
    }
  }
}
process.exit(0); // stdin closed: the suite is gone
