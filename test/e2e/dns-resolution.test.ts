/**
 * Issue: name resolution (`dns:///name:port`, `dns+srv:///_svc._tcp.name`), load-balancing
 * policies (round_robin, pick_first) and client-side health checking — against a real DNS server
 * (dnsmasq on a loopback port, records rewritten by the test) and real replicas: three servers on
 * 127.0.0.2–4 sharing one port behind A records, or on three ports behind SRV records.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Code, createClient, RpcError, type Channel } from "strand";
import { TestService } from "@strand/rpc/testing";
import { testChannel } from "../support/channel.ts";
import { Dnsmasq, TEST_DOMAIN } from "../support/dnsmasq.ts";
import { createPki } from "../support/pki.ts";
import { startReplicas, type Replicas } from "../support/replicas.ts";
import { rpcFailure } from "../support/rpc-failure.ts";
import { until } from "../support/sleep.ts";

const NAME = `ledger.${TEST_DOMAIN}`;
const IPS = ["127.0.0.2", "127.0.0.3", "127.0.0.4"];
/** Re-resolution in tests: fast (the default is 30 s). */
const FAST = { resolveIntervalMs: 200 } as const;

let started: Dnsmasq | undefined;
beforeAll(async () => {
  started = await Dnsmasq.start({ hosts: {} });
});
afterAll(async () => {
  await started?.[Symbol.asyncDispose]();
});
/** The suite's DNS server. */
function dnsmasq(): Dnsmasq {
  if (started === undefined) throw new Error("dnsmasq did not start");
  return started;
}

/** Calls `echo` `n` times one after another; returns which replica answered each. */
async function sequential(channel: Channel, n: number): Promise<string[]> {
  const client = createClient(TestService, channel);
  const answers: string[] = [];
  for (let i = 0; i < n; i++) answers.push((await client.echo({ text: "", n: i }, { timeoutMs: 5000 })).text);
  return answers;
}

/**
 * Calls until `predicate` holds for the answers of `window` calls in a row (a poll, bounded);
 * a failed call (the channel still catching up with a change) starts a new window.
 */
async function callUntil(channel: Channel, what: string, predicate: (recent: string[]) => boolean, window = 30): Promise<void> {
  const stop = Date.now() + 15_000;
  let last = "";
  for (;;) {
    try {
      const recent = await sequential(channel, window);
      if (predicate(recent)) return;
      last = [...new Set(recent)].join(", ");
    } catch (error) {
      last = String(error);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    if (Date.now() > stop) throw new Error(`timed out waiting for: ${what} (last: ${last})`);
  }
}

describe("dns:/// with A records", () => {
  test("round_robin (the default) spreads calls over every replica the name resolves to", async () => {
    await using replicas = await startReplicas(IPS);
    await dnsmasq().setHosts({ [NAME]: IPS });
    using channel = testChannel(`dns:///${NAME}:${replicas.list[0]!.port}`, { dnsServer: dnsmasq().address, ...FAST });
    await callUntil(channel, "every replica answering", (recent) => new Set(recent).size === 3);
    const answers = await sequential(channel, 60);
    for (const ip of IPS) expect(answers.filter((a) => a === ip).length).toBeGreaterThan(5);
    expect(channel.state).toBe("ready");
  });

  test("pick_first sticks to one replica, and the others get no connection", async () => {
    await using replicas = await startReplicas(IPS);
    await dnsmasq().setHosts({ [NAME]: IPS });
    using channel = testChannel(`dns:///${NAME}:${replicas.list[0]!.port}`, { dnsServer: dnsmasq().address, loadBalancing: "pick_first", ...FAST });
    const answers = await sequential(channel, 50);
    expect(new Set(answers).size).toBe(1);
    const chosen = replicas.get(answers[0]!);
    await until(() => replicas.list.every((r) => r === chosen || r.server.connections === 0), "the other replicas without connections");
    expect(chosen.server.connections).toBe(1);
  });

  test("a replica added to DNS receives calls after re-resolution", async () => {
    await using replicas = await startReplicas(IPS);
    await dnsmasq().setHosts({ [NAME]: IPS.slice(0, 2) });
    using channel = testChannel(`dns:///${NAME}:${replicas.list[0]!.port}`, { dnsServer: dnsmasq().address, ...FAST });
    const before = await sequential(channel, 40);
    expect(new Set(before)).toEqual(new Set(IPS.slice(0, 2)));
    expect(replicas.get(IPS[2]!).calls).toBe(0);
    await dnsmasq().setHosts({ [NAME]: IPS });
    await callUntil(channel, "the added replica answering", (recent) => recent.includes(IPS[2]!));
  });

  for (const order of ["removed from DNS, then closed", "closed, then removed from DNS"] as const) {
    test(`scale-down under load: a replica ${order} gracefully loses no call of 200 in flight`, async () => {
      await using replicas = await startReplicas(IPS, { delayMs: 5 });
      await dnsmasq().setHosts({ [NAME]: IPS });
      using channel = testChannel(`dns:///${NAME}:${replicas.list[0]!.port}`, { dnsServer: dnsmasq().address, ...FAST });
      const client = createClient(TestService, channel);
      const failures: RpcError[] = [];
      let succeeded = 0;
      let running = true;
      const worker = async (): Promise<void> => {
        for (let i = 0; running; i++) {
          try {
            await client.echo({ text: "", n: i }, { timeoutMs: 10_000 });
            succeeded++;
          } catch (error) {
            failures.push(RpcError.from(error));
          }
        }
      };
      const workers = Array.from({ length: 200 }, worker);
      const leaving = replicas.get(IPS[2]!);
      await until(() => replicas.list.every((r) => r.calls > 200), "load on every replica", 15_000);
      if (order === "removed from DNS, then closed") {
        await dnsmasq().setHosts({ [NAME]: IPS.slice(0, 2) });
        await leaving.server.close({ notServingDelayMs: 300 });
      } else {
        await leaving.server.close();
        await dnsmasq().setHosts({ [NAME]: IPS.slice(0, 2) });
      }
      const atClose = leaving.calls;
      const others = () => replicas.list[0]!.calls + replicas.list[1]!.calls;
      const othersAtClose = others();
      await until(() => others() > othersAtClose + 3000, "the remaining replicas taking the load", 15_000);
      running = false;
      await Promise.all(workers);
      expect(failures.map((f) => `${Code[f.code]}: ${f.message}`)).toEqual([]);
      expect(succeeded).toBeGreaterThan(3000);
      expect(leaving.calls).toBe(atClose);
    }, 60_000);
  }

  test("TLS: connections go to the resolved IPs and check the certificate against the DNS name", async () => {
    using pki = createPki();
    const ca = pki.ca("dns-test-ca");
    const issued = ca.issue(NAME, [`DNS:${NAME}`]);
    await using replicas = await startReplicas(IPS.slice(0, 2), { server: { tls: { key: issued.key, cert: issued.cert } } });
    await dnsmasq().setHosts({ [NAME]: IPS.slice(0, 2) });
    using channel = testChannel(`dns:///${NAME}:${replicas.list[0]!.port}`, { dnsServer: dnsmasq().address, tls: { ca: ca.cert }, ...FAST });
    await callUntil(channel, "both replicas answering over TLS", (recent) => new Set(recent).size === 2, 10);
    // The user's own serverName wins: a name the certificate does not hold fails the handshake.
    using wrong = testChannel(`dns:///${NAME}:${replicas.list[0]!.port}`, { dnsServer: dnsmasq().address, tls: { ca: ca.cert, serverName: `other.${TEST_DOMAIN}` } });
    const failure = await rpcFailure(createClient(TestService, wrong).echo({ text: "", n: 0 }));
    expect(failure.code).toBe(Code.Unavailable);
  });

  test("a name DNS does not know fails calls fast with Unavailable naming the resolution failure; waitForReady calls wait for it", async () => {
    await using replicas = await startReplicas(IPS.slice(0, 1));
    await dnsmasq().setHosts({ [NAME]: IPS.slice(0, 1) });
    const late = `late.${TEST_DOMAIN}`;
    using channel = testChannel(`dns:///${late}:${replicas.list[0]!.port}`, { dnsServer: dnsmasq().address, ...FAST });
    const client = createClient(TestService, channel);
    const failure = await rpcFailure(client.echo({ text: "", n: 0 }));
    expect(failure.code).toBe(Code.Unavailable);
    expect(failure.message).toContain(`name resolution of "dns:///${late}:`);
    expect(failure.message).toContain(late);
    const waiting = client.echo({ text: "", n: 1 }, { waitForReady: true, timeoutMs: 15_000 });
    await dnsmasq().setHosts({ [NAME]: IPS.slice(0, 1), [late]: IPS.slice(0, 1) });
    expect((await waiting).text).toBe(IPS[0]!);
  });
});

describe("dns:/// without a lookup", () => {
  test("localhost resolves to both loopback addresses (the one not listening is skipped) and an IP literal to itself", async () => {
    await using replicas = await startReplicas(["127.0.0.1"]);
    const port = replicas.list[0]!.port;
    for (const loadBalancing of ["round_robin", "pick_first"] as const) {
      using channel = testChannel(`dns:///localhost:${port}`, { loadBalancing });
      expect(new Set(await sequential(channel, 10))).toEqual(new Set(["127.0.0.1"]));
    }
    using literal = testChannel(`dns:///127.0.0.1:${port}`);
    expect(new Set(await sequential(literal, 3))).toEqual(new Set(["127.0.0.1"]));
  });
});

describe("client-side health checking", () => {
  test("a replica reporting NOT_SERVING for the watched service gets no calls while the others do, and calls again once SERVING", async () => {
    await using replicas = await startReplicas(IPS);
    await dnsmasq().setHosts({ [NAME]: IPS });
    using channel = testChannel(`dns:///${NAME}:${replicas.list[0]!.port}`, { dnsServer: dnsmasq().address, healthCheck: { service: TestService.typeName }, ...FAST });
    await callUntil(channel, "every replica answering", (recent) => new Set(recent).size === 3);
    const sick = replicas.get(IPS[1]!);
    sick.server.health.set(TestService.typeName, "NOT_SERVING");
    await callUntil(channel, "no call on the NOT_SERVING replica", (recent) => !recent.includes(sick.name));
    const before = sick.calls;
    const answers = await sequential(channel, 90);
    expect(sick.calls).toBe(before);
    expect(new Set(answers)).toEqual(new Set([IPS[0]!, IPS[2]!]));
    sick.server.health.set(TestService.typeName, "SERVING");
    await callUntil(channel, "calls on the replica SERVING again", (recent) => recent.includes(sick.name));
  });

  test("no replica serving: calls fail fast with Unavailable saying so; a server without the health service counts as serving", async () => {
    await using replicas = await startReplicas(IPS.slice(0, 2));
    await dnsmasq().setHosts({ [NAME]: IPS.slice(0, 2) });
    using channel = testChannel(`dns:///${NAME}:${replicas.list[0]!.port}`, { dnsServer: dnsmasq().address, healthCheck: true, ...FAST });
    await callUntil(channel, "both replicas answering", (recent) => new Set(recent).size === 2, 10);
    for (const r of replicas.list) r.server.health.set("", "NOT_SERVING");
    await until(() => channel.state === "transient_failure", "the channel seeing no replica serving");
    const failure = await rpcFailure(createClient(TestService, channel).echo({ text: "", n: 0 }));
    expect(failure.code).toBe(Code.Unavailable);
    expect(failure.message).toContain("is serving");

    await using plain = await startReplicas(IPS.slice(2), { port: replicas.list[0]!.port, server: { health: false } });
    await dnsmasq().setHosts({ [NAME]: IPS.slice(2) });
    await callUntil(channel, "the replica without a health service answering", (recent) => recent.every((a) => a === IPS[2]!), 10);
    expect(plain.list[0]!.calls).toBeGreaterThan(0);
  });
});

describe("dns+srv:/// with SRV records", () => {
  test("round_robin spreads calls over the three SRV targets and ports", async () => {
    await using replicas: Replicas = await startReplicas(["127.0.0.1", "127.0.0.1", "127.0.0.1"], { samePort: false });
    const service = `_ledger._tcp.${TEST_DOMAIN}`;
    const names = replicas.list.map((_, i) => `node${i}.${TEST_DOMAIN}`);
    await dnsmasq().setRecords({
      hosts: Object.fromEntries(names.map((n) => [n, ["127.0.0.1"]])),
      srv: replicas.list.map((r, i) => ({ service, target: names[i]!, port: r.port, priority: 0, weight: 10 })),
    });
    using channel = testChannel(`dns+srv:///${service}`, { dnsServer: dnsmasq().address, ...FAST });
    await callUntil(channel, "every SRV target answering", (recent) => new Set(recent).size === 3);
    const answers = await sequential(channel, 60);
    for (const r of replicas.list) expect(answers.filter((a) => a === r.name).length).toBeGreaterThan(5);
  });
});
