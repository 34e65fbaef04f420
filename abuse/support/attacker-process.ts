import type { Subprocess } from "bun";
import { join } from "node:path";
import type { AttackName } from "../shared/attack-names.ts";
import type { AttackerEvent, AttackReport } from "../shared/attacker-report.ts";
import { ChildLines } from "./child-lines.ts";

const MAIN = join(import.meta.dir, "..", "attacker", "main.ts");

/**
 * The attacker child process (`attacker/main.ts`), driven over its stdin and stdout: wait until
 * the attack runs, `stop` it (connections held), then `close` it. Its own process, so that its
 * CPU is not spent in the bystander's event loop.
 */
export class AttackerProcess implements Disposable {
  private readonly lines: ChildLines<AttackerEvent>;

  private constructor(private readonly proc: Subprocess<"pipe", "pipe", "inherit">) {
    this.lines = new ChildLines(proc.stdout);
  }

  /** Spawns the attacker with `attack` against the server on `port`. */
  static start(attack: AttackName, port: number, argument?: number): AttackerProcess {
    const args = [process.execPath, MAIN, attack, String(port), ...(argument === undefined ? [] : [String(argument)])];
    return new AttackerProcess(Bun.spawn(args, { stdin: "pipe", stdout: "pipe", stderr: "inherit" }));
  }

  /** Resolves once the attack reached the server. */
  async started(): Promise<void> {
    await this.event("started", 15_000);
  }

  /** Whether a bounded attack has done all its work. */
  get finished(): boolean {
    return this.lines.has((e) => e.event === "finished" || e.event === "error");
  }

  /** Ends the attack, connections held; resolves with how its connections ended so far. */
  async stop(): Promise<AttackReport> {
    this.command("stop");
    return reportOf(await this.event("stopped", 15_000));
  }

  /** Closes the attacker's connections and lets it exit. */
  async close(): Promise<AttackReport> {
    this.command("close");
    const done = reportOf(await this.event("done", 15_000));
    await Promise.race([this.proc.exited, Bun.sleep(3000)]);
    return done;
  }

  /** Kills the process if it is still there (after a failure). */
  [Symbol.dispose](): void {
    if (this.proc.exitCode === null) this.proc.kill("SIGKILL");
  }

  private command(line: string): void {
    void this.proc.stdin.write(`${line}\n`);
    void this.proc.stdin.flush();
  }

  private async event(name: AttackerEvent["event"], timeoutMs: number): Promise<AttackerEvent> {
    const event = await this.lines.next((e) => e.event === name || e.event === "error", timeoutMs, `attacker ${name}`);
    if (event.event === "error") throw new Error(`attacker failed: ${event.message}`);
    return event;
  }
}

function reportOf(event: AttackerEvent): AttackReport {
  if (!("report" in event)) throw new Error(`attacker event ${event.event} carries no report`);
  return event.report;
}
