import { dnsServerOf } from "./dns-resolver.ts";
import { dnsClient, dnsError, lookupHost } from "./dns-lookup.ts";
import { PollingResolver } from "./polling-resolver.ts";
import type { ResolvedAddress, ResolverFactory } from "./resolver.ts";
import { orderSrv } from "./srv-order.ts";

/**
 * `dns+srv:///_service._proto.name`: the SRV records of that name — as Consul
 * (`_ledger._tcp.service.consul`) and Kubernetes named ports (`_grpc._tcp.ledger.ns.svc.cluster.local`)
 * publish them — in RFC 2782 order (priority, then weighted), each target resolved to its A and
 * AAAA records with the same DNS client: one address per IP and record port, `serverName` = the
 * record's target for TLS. A target that does not resolve is left out; the lookup fails only
 * when none does. Same schedule as `dns:` (see `PollingResolver`).
 */
export const srvResolver: ResolverFactory = (target, listener, options) => {
  const name = target.path;
  if (!/^[^\s:/]+$/.test(name)) throw new RangeError(`invalid target "${target.text}": expected dns+srv:///_service._proto.name (no port: the SRV records carry it)`);
  const client = dnsClient(dnsServerOf(target, options));
  const lookup = async (): Promise<ResolvedAddress[]> => {
    let records;
    try {
      records = orderSrv(await client.resolveSrv(name), options.random);
    } catch (error) {
      throw dnsError(`SRV lookup of ${name}`, error);
    }
    const targets = [...new Set(records.map((r) => r.name))];
    const results = await Promise.allSettled(targets.map((t) => lookupHost(client, t)));
    const ips = new Map(targets.map((t, i) => {
      const result = results[i]!;
      return [t, result.status === "fulfilled" ? result.value : []];
    }));
    const addresses = records.flatMap((r) => ips.get(r.name)!.map((ip) => ({ hostname: ip, port: r.port, serverName: r.name })));
    const failure = results.find((r) => r.status === "rejected");
    if (addresses.length === 0 && failure?.status === "rejected") throw failure.reason;
    return addresses;
  };
  const polling = new PollingResolver(lookup, listener, { intervalMs: options.resolveIntervalMs, random: options.random });
  return {
    resolveNow: () => polling.resolveNow(),
    close: () => {
      polling.close();
      client.cancel();
    },
  };
};
