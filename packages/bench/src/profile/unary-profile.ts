/**
 * Unary calls under a microscope (issue 20): CPU time per call on each side, socket writes per call
 * and the time spent in them, with both processes optionally under Bun's CPU profiler. Lighter
 * than the suite (one connection, no latency histogram, no orchestrator), so small changes to the
 * hot path show; run it alternately on two checkouts for an A/B.
 *
 *   bun src/profile/unary-profile.ts [--inflight 100] [--seconds 2] [--rounds 3] [--profile DIR]
 *
 * With `--profile DIR`, DIR/client and DIR/server get each process's `.cpuprofile`;
 * `cpu-profile-groups.ts` sums one by concern.
 */
import { createChannel, createClient } from "strand";
import { Bench } from "../gen/bench.ts";
import { countWrites, type WriteFigures } from "./write-counter.ts";

function flag(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] !== undefined ? process.argv[at + 1]! : fallback;
}

const inflight = Number(flag("inflight", "100"));
const windowMs = Number(flag("seconds", "2")) * 1000;
const rounds = Number(flag("rounds", "3"));
const profileDir = flag("profile", "");
if (!(inflight >= 1 && windowMs > 0 && rounds >= 1)) throw new RangeError("--inflight, --seconds and --rounds must be positive");

const profiler = (side: string): string[] => (profileDir === "" ? [] : ["--cpu-prof", "--cpu-prof-interval", "250", "--cpu-prof-dir", `${profileDir}/${side}`]);
if (profileDir !== "" && process.env["STRAND_PROFILED"] === undefined) {
  // The client is this process: run it again under the profiler, then stop.
  const child = Bun.spawn([process.execPath, ...profiler("client"), ...process.argv.slice(1)], { env: { ...process.env, STRAND_PROFILED: "1" }, stdio: ["inherit", "inherit", "inherit"] });
  process.exit(await child.exited);
}
const server = Bun.spawn([process.execPath, ...profiler("server"), `${import.meta.dir}/unary-server.ts`], { stdin: "pipe", stdout: "pipe", stderr: "inherit" });
const lines = server.stdout.pipeThrough(new TextDecoderStream()).getReader();
let pending = "";
async function readLine(): Promise<string> {
  for (;;) {
    const end = pending.indexOf("\n");
    if (end >= 0) {
      const line = pending.slice(0, end);
      pending = pending.slice(end + 1);
      return line;
    }
    const { value, done } = await lines.read();
    if (done) throw new Error("the profiled server exited");
    pending += value;
  }
}
async function command(text: string): Promise<Record<string, number>> {
  server.stdin.write(`${text}\n`);
  await server.stdin.flush();
  return JSON.parse(await readLine()) as Record<string, number>;
}

const writes = countWrites();
const { port } = JSON.parse(await readLine()) as { port: number };
const channel = createChannel(`127.0.0.1:${port}`);
const client = createClient(Bench, channel);
const payload = new Uint8Array(64);

/** `inflight` loops of calls for `ms`; the number of calls made. */
async function load(ms: number): Promise<number> {
  let calls = 0;
  const end = performance.now() + ms;
  await Promise.all(
    Array.from({ length: inflight }, async () => {
      while (performance.now() < end) {
        await client.echo({ data: payload });
        calls++;
      }
    }),
  );
  return calls;
}

const perCall = (us: number, calls: number): string => (us / calls).toFixed(2);
const writeLine = (w: WriteFigures, calls: number): string => `${(w.writes / calls).toFixed(3)} writes/call, ${(w.writeNs / 1000 / calls).toFixed(2)} µs/call in write`;

await load(1000); // warm-up: JIT, window growth
for (let round = 0; round < rounds; round++) {
  await command("mark");
  writes.reset();
  const start = process.cpuUsage();
  const began = performance.now();
  const calls = await load(windowMs);
  const seconds = (performance.now() - began) / 1000;
  const cpu = process.cpuUsage(start);
  const s = await command("usage");
  console.log(`${(calls / seconds).toFixed(0)} calls/s at ${inflight} in flight`);
  console.log(`  client ${perCall(cpu.user + cpu.system, calls)} µs/call (user ${perCall(cpu.user, calls)}, system ${perCall(cpu.system, calls)}); ${writeLine(writes.figures(), calls)}`);
  console.log(`  server ${perCall(s["userUs"]! + s["systemUs"]!, calls)} µs/call (user ${perCall(s["userUs"]!, calls)}, system ${perCall(s["systemUs"]!, calls)}); ${writeLine({ writes: s["writes"]!, bytes: s["bytes"]!, writeNs: s["writeNs"]! }, calls)}`);
}
channel.close();
server.stdin.write("exit\n");
await server.stdin.flush();
await server.exited;
process.exit(0);
