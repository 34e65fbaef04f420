/**
 * A/B of two checkouts of this repository in one process (issue 20): each runs its own server and
 * channel, over loopback TCP, with the bench suite's generated `Bench.echo`; blocks of unary calls
 * alternate between them, and the CPU time of each block is taken per call (both sides, as both
 * live in this process). On a machine whose speed drifts by 20–40 % from minute to minute, two
 * processes run one after the other compare the minutes, not the code; here both see the same
 * moment, block by block, and the median of the per-block ratios settles within about 2 % (the
 * same checkout against itself gives 0.99–1.02).
 *
 *   bun src/profile/inprocess-ab.ts A_ROOT B_ROOT [--blocks 150] [--calls 20000] [--inflight 100]
 *
 * A_ROOT and B_ROOT are checkouts with their dependencies and generated code in place (e.g. a
 * `git worktree` of the commit before, with `node_modules` linked and `npm run generate` run).
 * What it cannot show: what one side alone costs, and anything that depends on two processes
 * waking each other (write timing, batching across the connection); the suite measures those.
 */

import { resolve } from "node:path";

function flag(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] !== undefined ? process.argv[at + 1]! : fallback;
}

const [argA, argB] = process.argv.slice(2, 4);
const blocks = Number(flag("blocks", "150"));
const calls = Number(flag("calls", "20000"));
const inflight = Number(flag("inflight", "100"));
if (argA === undefined || argB === undefined || argA.startsWith("--") || argB.startsWith("--")) throw new Error("usage: inprocess-ab.ts A_ROOT B_ROOT [--blocks N] [--calls N] [--inflight N]");
// Imports resolve against this file, the roots against the working directory.
const rootA = resolve(argA);
const rootB = resolve(argB);
if (!(blocks >= 2 && calls >= inflight && inflight >= 1)) throw new RangeError("--blocks must be at least 2, --calls at least --inflight, --inflight at least 1");

/** `calls` echo calls, `inflight` at a time, on `root`'s own server and channel. */
type Block = (calls: number) => Promise<void>;

async function stack(root: string): Promise<Block> {
  const strand = (await import(`${root}/packages/strand/src/index.ts`)) as typeof import("strand");
  const { Bench } = (await import(`${root}/packages/bench/src/gen/bench.ts`)) as typeof import("../gen/bench.ts");
  const { benchHandlers } = (await import(`${root}/packages/bench/src/peers/bench-handlers.ts`)) as typeof import("../peers/bench-handlers.ts");
  const server = strand.createServer().add(Bench, benchHandlers);
  const { port } = await server.listen({ hostname: "127.0.0.1", port: 0 });
  const client = strand.createClient(Bench, strand.createChannel(`127.0.0.1:${port}`));
  const payload = new Uint8Array(64);
  const loop = async (n: number): Promise<void> => {
    for (let i = 0; i < n; i++) await client.echo({ data: payload });
  };
  return async (n) => {
    await Promise.all(Array.from({ length: inflight }, () => loop(Math.ceil(n / inflight))));
  };
}

const a = await stack(rootA);
const b = await stack(rootB);
await a(5 * calls); // warm-up: JIT, windows
await b(5 * calls);

const perCall = { a: [] as number[], b: [] as number[] };
for (let i = 0; i < blocks; i++) {
  // Alternate which goes first, so neither is always the one after a collection the other caused.
  const order: Array<["a" | "b", Block]> = i % 2 === 0 ? [["a", a], ["b", b]] : [["b", b], ["a", a]];
  for (const [side, run] of order) {
    const start = process.cpuUsage();
    await run(calls);
    const used = process.cpuUsage(start);
    perCall[side].push((used.user + used.system) / calls);
  }
}

const sorted = (xs: readonly number[]): number[] => [...xs].sort((x, y) => x - y);
const quantile = (xs: readonly number[], q: number): number => sorted(xs)[Math.floor(q * (xs.length - 1))]!;
const ratios = perCall.a.map((x, i) => perCall.b[i]! / x);
console.log(`A ${rootA}: median ${quantile(perCall.a, 0.5).toFixed(3)} µs CPU per call (client and server)`);
console.log(`B ${rootB}: median ${quantile(perCall.b, 0.5).toFixed(3)} µs`);
console.log(`B/A over ${blocks} pairs of blocks: median ${quantile(ratios, 0.5).toFixed(3)} (quartiles ${quantile(ratios, 0.25).toFixed(3)}–${quantile(ratios, 0.75).toFixed(3)})`);
process.exit(0);
