/** The fields of an SRV record that decide its place (node:dns `SrvRecord` has these). */
export interface SrvRecord {
  readonly name: string;
  readonly port: number;
  readonly priority: number;
  readonly weight: number;
}

/**
 * Orders SRV records as RFC 2782 says clients try them: lowest priority first; within one
 * priority, a weighted random order — each next record is drawn with probability proportional
 * to its weight, weight-0 records having a small chance only when they come first (they are
 * placed at the head of the list before drawing, as the RFC asks). Records whose target is `.`
 * ("service not available here") are dropped. `random` returns [0, 1).
 */
export function orderSrv<T extends SrvRecord>(records: readonly T[], random: () => number): T[] {
  const byPriority = new Map<number, T[]>();
  for (const record of records) {
    if (record.name === "" || record.name === ".") continue;
    const group = byPriority.get(record.priority);
    if (group === undefined) byPriority.set(record.priority, [record]);
    else group.push(record);
  }
  const out: T[] = [];
  for (const priority of [...byPriority.keys()].sort((a, b) => a - b)) out.push(...weightedOrder(byPriority.get(priority)!, random));
  return out;
}

function weightedOrder<T extends SrvRecord>(group: readonly T[], random: () => number): T[] {
  const left = [...group.filter((r) => r.weight === 0), ...group.filter((r) => r.weight !== 0)];
  const out: T[] = [];
  while (left.length > 0) {
    const total = left.reduce((sum, r) => sum + r.weight, 0);
    // RFC 2782: a uniform number in [0, total]; the first record whose running sum reaches it.
    const pick = Math.floor(random() * (total + 1));
    let running = 0;
    let index = left.length - 1;
    for (let i = 0; i < left.length; i++) {
      running += left[i]!.weight;
      if (running >= pick) {
        index = i;
        break;
      }
    }
    out.push(left.splice(index, 1)[0]!);
  }
  return out;
}
