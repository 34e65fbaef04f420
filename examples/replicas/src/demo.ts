/**
 * `npm run demo:replicas`: three replicas of the greeter behind one DNS name served by a local
 * dnsmasq, a client channel on `dns:///greeter.strand.test:PORT` (round_robin, health checking)
 * keeping 200 calls in flight, and a line per second showing where the calls go — while one
 * replica is drained (removed from DNS, then SIGTERM: NOT_SERVING, delay, GOAWAY) and another is
 * added. It ends with the number of failed calls, which should be 0.
 */
import { createChannel, createClient, RpcError } from "strand";
import { Dnsmasq, TEST_DOMAIN } from "./dnsmasq.ts";
import { Greeter } from "./gen/greeter/v1/greeter.ts";
import { type ReplicaProcess, startReplica } from "./replica-process.ts";

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** Calls kept in flight. Count; 200. */
  readonly inFlight?: number;
  /** How often a line is printed, and the length of each phase's steps. Milliseconds; 1,000. */
  readonly tickMs?: number;
  /** Where the lines go. Default: stdout. */
  readonly print?: (line: string) => void;
}

/** Calls per replica during one tick. */
export interface Tick {
  readonly phase: string;
  readonly calls: Readonly<Record<string, number>>;
}

/** What the demo saw. */
export interface DemoResult {
  readonly ticks: readonly Tick[];
  readonly total: number;
  readonly failed: number;
  /** The first few failures' messages. */
  readonly errors: readonly string[];
}

const NAME = `greeter.${TEST_DOMAIN}`;

/** Runs the whole demo and resolves with what it saw. */
export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const { inFlight = 200, tickMs = 1_000, print = (line: string) => console.log(line) } = options;
  const hosts = ["127.0.0.2", "127.0.0.3", "127.0.0.4"];
  await using dns = await Dnsmasq.start({ hosts: { [NAME]: hosts } });
  const replicas = new Map<string, ReplicaProcess>();
  const first = await startReplica(hosts[0]!, 0);
  replicas.set(first.host, first);
  for (const host of hosts.slice(1)) replicas.set(host, await startReplica(host, first.port));
  const channel = createChannel(`dns:///${NAME}:${first.port}`, { dnsServer: dns.address, resolveIntervalMs: tickMs / 2, loadBalancing: "round_robin", healthCheck: true });
  const client = createClient(Greeter, channel);
  print(`${NAME} → ${hosts.join(", ")} (dnsmasq on ${dns.address}); ${inFlight} calls in flight`);

  let window: Record<string, number> = {};
  let total = 0;
  let failed = 0;
  const errors: string[] = [];
  let running = true;
  const worker = async (): Promise<void> => {
    while (running) {
      try {
        const reply = await client.sayHello({ name: "demo" }, { waitForReady: true, timeoutMs: 10_000 });
        const host = reply.message.split(" ")[0]!;
        window[host] = (window[host] ?? 0) + 1;
        total++;
      } catch (error) {
        failed++;
        if (errors.length < 5) errors.push(RpcError.from(error).message);
      }
    }
  };
  const workers = Array.from({ length: inFlight }, worker);

  const ticks: Tick[] = [];
  const tick = async (phase: string): Promise<void> => {
    window = {};
    await Bun.sleep(tickMs);
    ticks.push({ phase, calls: window });
    const shown = Object.entries(window).sort(([a], [b]) => a.localeCompare(b)).map(([h, n]) => `${h} ${String(n).padStart(6)}`);
    print(`${phase.padEnd(22)} ${shown.join("   ")}   failed ${failed}`);
  };
  try {
    for (let i = 0; i < 3; i++) await tick("three replicas");
    // Scale down: the orchestrator takes the replica out of DNS and sends it SIGTERM.
    const leaving = replicas.get("127.0.0.4")!;
    replicas.delete(leaving.host);
    await dns.setHosts({ [NAME]: ["127.0.0.2", "127.0.0.3"] });
    const exited = leaving.stop();
    for (let i = 0; i < 3; i++) await tick("127.0.0.4 draining");
    print(`127.0.0.4 exited with code ${await exited}`);
    // Scale up: a new replica starts, then DNS lists it.
    replicas.set("127.0.0.5", await startReplica("127.0.0.5", first.port));
    await dns.setHosts({ [NAME]: ["127.0.0.2", "127.0.0.3", "127.0.0.5"] });
    for (let i = 0; i < 3; i++) await tick("127.0.0.5 added");
  } finally {
    running = false;
    await Promise.all(workers);
    channel.close();
    await Promise.all([...replicas.values()].map((r) => r.stop()));
  }
  print(`${total} calls, ${failed} failed${errors.length > 0 ? `: ${errors.join("; ")}` : ""}`);
  return { ticks, total, failed, errors };
}

if (import.meta.main) {
  try {
    const result = await runDemo();
    process.exit(result.failed === 0 ? 0 : 1);
  } catch (error) {
    console.error(`demo:replicas: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
