/**
 * What the attacker child reports on stdout, one JSON object per line: `started` once its attack
 * runs, `finished` when a bounded attack (churn, the legitimate client) has done all its work,
 * `stopped` after the suite's `stop` (connections still held), `done` after `close`.
 */
export type AttackerEvent =
  | { readonly event: "started" }
  | { readonly event: "finished"; readonly report: AttackReport }
  | { readonly event: "stopped"; readonly report: AttackReport }
  | { readonly event: "done"; readonly report: AttackReport }
  | { readonly event: "error"; readonly message: string };

/** How the attacker's connections ended, and its own counters. */
export interface AttackReport {
  /** Connections by ending: `GOAWAY CODE: reason`, `closed without GOAWAY`, or `open`. */
  readonly endings: Readonly<Record<string, number>>;
  /** Attack-specific counts (connections made, calls, frames, bytes, failures by code, …). */
  readonly counters: Readonly<Record<string, number>>;
}

/** The GOAWAY codes among `endings` (plus `closed` and `open`), summed. */
export function endingCodes(endings: Readonly<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [ending, n] of Object.entries(endings)) {
    const code = ending.startsWith("GOAWAY ") ? ending.slice(7).split(":")[0]! : ending.startsWith("closed") ? "closed" : ending;
    out[code] = (out[code] ?? 0) + n;
  }
  return out;
}

/** One line per ending, most frequent first, for the results table. */
export function describeEndings(endings: Readonly<Record<string, number>>): string {
  const list = Object.entries(endings).sort((a, b) => b[1] - a[1]);
  if (list.length === 0) return "-";
  return list.map(([ending, n]) => `${n}× ${ending}`).join("; ");
}
