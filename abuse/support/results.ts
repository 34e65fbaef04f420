/** One line of the table printed at the end of the run (support/print-results.ts). */
export interface ResultRow {
  readonly klass: number;
  readonly name: string;
  /** Bystander p99 alone and under attack, and the most the suite allows under attack, ms. */
  readonly p99Alone: number;
  readonly p99Attack: number;
  readonly p99Limit: number;
  /**
   * How late a 1 ms timer fired (p99), ms: in the server alone and under attack (a long turn, a
   * collector pause), and in the bystander's own process alone and under attack (the kernel's
   * scheduling of three busy processes on the machine's cores) — where the bystander's latency went.
   */
  readonly serverLagAlone: number;
  readonly serverLagAttack: number;
  readonly bystanderLagAlone: number;
  readonly bystanderLagAttack: number;
  readonly bystanderCalls: number;
  readonly bystanderFailures: number;
  /** Server heapUsed (after a full GC) with the attacker's connections still held, and after they closed, minus before the attack. Bytes. */
  readonly heapGrowthHeld: number;
  readonly heapGrowthAfter: number;
  /** Peak rss during the attack minus rss before it. Bytes. */
  readonly rssGrowthPeak: number;
  /** Most handlers running at once on one connection, during the attack. */
  readonly maxHandlersPerConnection: number;
  readonly maxHandlersRunning: number;
  /** How the attacker's connections ended (see `describeEndings`). */
  readonly ended: string;
  readonly seconds: number;
}

const key = Symbol.for("strand.abuse.results");

/** The rows of this run, shared by every test file of the process (bun runs them in one). */
export function resultRows(): ResultRow[] {
  const global = globalThis as { [key]?: ResultRow[] };
  return (global[key] ??= []);
}

const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const ms = (value: number): string => `${value.toFixed(2)} ms`;

/** The results as a Markdown table, by class. */
export function formatResults(rows: readonly ResultRow[]): string {
  const header = ["#", "class", "p99 alone", "p99 attack", "limit", "server lag p99 alone / attack", "bystander lag p99 alone / attack", "calls", "failed", "heap held", "heap after", "peak rss", "max handlers/conn (all)", "attacker's connections ended", "s"];
  const lines = [...rows]
    .sort((a, b) => a.klass - b.klass)
    .map((r) => [
      String(r.klass),
      r.name,
      ms(r.p99Alone),
      ms(r.p99Attack),
      ms(r.p99Limit),
      `${ms(r.serverLagAlone)} / ${ms(r.serverLagAttack)}`,
      `${ms(r.bystanderLagAlone)} / ${ms(r.bystanderLagAttack)}`,
      String(r.bystanderCalls),
      String(r.bystanderFailures),
      mib(r.heapGrowthHeld),
      mib(r.heapGrowthAfter),
      mib(r.rssGrowthPeak),
      `${r.maxHandlersPerConnection} (${r.maxHandlersRunning})`,
      r.ended,
      r.seconds.toFixed(1),
    ]);
  const table = [header, header.map(() => "---"), ...lines];
  return table.map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}
