import { promises as dns } from "node:dns";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Subprocess } from "bun";

/** One SRV record as dnsmasq's `--srv-host` takes it. */
export interface SrvRecord {
  readonly service: string;
  readonly target: string;
  readonly port: number;
  readonly priority?: number;
  readonly weight?: number;
}

/** What the DNS server answers: A/AAAA records by name, and SRV records. */
export interface DnsRecords {
  /** Name → its addresses (IPv4 for A, IPv6 for AAAA records). */
  readonly hosts: Readonly<Record<string, readonly string[]>>;
  readonly srv?: readonly SrvRecord[];
}

/** Every name the tests use lives under this domain, which dnsmasq answers alone (NXDOMAIN for the rest). */
export const TEST_DOMAIN = "strand.test";

/**
 * A real DNS server for the replicas demo and the resolver tests: Debian's dnsmasq (`.ci/run`
 * installs it), unprivileged, in the foreground, on a free loopback port, answering from a hosts
 * file with TTL 0 and no negative caching, so that a change is seen by the next query. A records change with
 * {@link setHosts} (file rewrite + SIGHUP); SRV records live on the command line, so
 * {@link setRecords} restarts dnsmasq on the same port.
 */
export class Dnsmasq implements AsyncDisposable {
  /** `127.0.0.1:port`, for the channel's `dnsServer` option. */
  readonly address: string;
  private process: Subprocess | undefined;
  private records: DnsRecords;

  private constructor(
    private readonly dir: string,
    private readonly port: number,
    records: DnsRecords,
  ) {
    this.address = `127.0.0.1:${port}`;
    this.records = records;
  }

  /** Starts dnsmasq serving `records` on a free port; resolves once it answers. */
  static async start(records: DnsRecords): Promise<Dnsmasq> {
    if (Bun.which("dnsmasq", { PATH: `${process.env["PATH"] ?? ""}:/usr/sbin:/sbin` }) === null) {
      throw new Error("dnsmasq is not installed: apt-get install dnsmasq-base (.ci/run installs it when missing)");
    }
    let lastError: unknown;
    for (let attempt = 0; attempt < 10; attempt++) {
      const dir = mkdtempSync(join(tmpdir(), "strand-dnsmasq-"));
      const server = new Dnsmasq(dir, 20_000 + Math.floor(Math.random() * 40_000), records);
      try {
        await server.launch();
        return server;
      } catch (error) {
        lastError = error;
        await server[Symbol.asyncDispose]();
      }
    }
    throw new Error(`could not start dnsmasq: ${String(lastError)}`);
  }

  /** Replaces the A/AAAA records (SRV records stay); resolves once dnsmasq answers with them. */
  async setHosts(hosts: DnsRecords["hosts"]): Promise<void> {
    this.records = { ...this.records, hosts };
    this.writeHosts();
    this.process!.kill("SIGHUP");
    await this.answers();
  }

  /** Replaces every record; dnsmasq restarts on the same port (it rereads SRV records only then). */
  async setRecords(records: DnsRecords): Promise<void> {
    this.records = records;
    await this.stop();
    await this.launch();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async launch(): Promise<void> {
    this.writeHosts();
    const srv = (this.records.srv ?? []).map((r) => `--srv-host=${r.service},${r.target},${r.port},${r.priority ?? 0},${r.weight ?? 10}`);
    const bin = Bun.which("dnsmasq", { PATH: `${process.env["PATH"] ?? ""}:/usr/sbin:/sbin` })!;
    this.process = Bun.spawn(
      [
        bin,
        "--keep-in-foreground",
        `--port=${this.port}`,
        "--listen-address=127.0.0.1",
        "--bind-interfaces",
        "--no-resolv",
        "--no-hosts",
        `--addn-hosts=${join(this.dir, "hosts")}`,
        `--local=/${TEST_DOMAIN}/`,
        "--local-ttl=0",
        "--no-negcache",
        "--conf-file=/dev/null",
        `--pid-file=${join(this.dir, "pid")}`,
        // As root, stay root (the default drops to `nobody`); unprivileged, dnsmasq never switches.
        ...(process.getuid?.() === 0 ? ["--user=root"] : []),
        "--log-facility=-",
        ...srv,
      ],
      { stdout: "ignore", stderr: "pipe" },
    );
    await this.answers();
  }

  private async stop(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (child === undefined) return;
    child.kill("SIGTERM");
    await child.exited;
  }

  private writeHosts(): void {
    const lines = Object.entries(this.records.hosts).flatMap(([name, ips]) => ips.map((ip) => `${ip} ${name}`));
    writeFileSync(join(this.dir, "hosts"), `${lines.join("\n")}\n`);
  }

  /** Waits until dnsmasq answers a query for a name it holds as the records say (or exited). */
  private async answers(): Promise<void> {
    const client = new dns.Resolver({ timeout: 200, tries: 1 });
    client.setServers([this.address]);
    const [name, ips] = Object.entries(this.records.hosts).find(([, a]) => a.some((ip) => !ip.includes(":"))) ?? ["", []];
    const want = ips.filter((ip) => !ip.includes(":")).sort().join(",");
    const child = this.process!;
    const stop = Date.now() + 10_000;
    while (Date.now() < stop) {
      if (child.exitCode !== null) throw new Error(`dnsmasq exited: ${await new Response(child.stderr as ReadableStream).text()}`);
      try {
        if (name === "") {
          await client.resolve4(`nothing.${TEST_DOMAIN}`).catch((e: { code?: string }) => {
            if (e.code !== "ENOTFOUND" && e.code !== "ENODATA") throw e;
          });
          return;
        }
        if ((await client.resolve4(name)).sort().join(",") === want) return;
      } catch {
        // Not up yet (or still the old records).
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error("dnsmasq did not answer within 10 s");
  }
}
