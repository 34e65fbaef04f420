import { isIP } from "node:net";
import { dnsClient, lookupHost, verifyDnsServer } from "./dns-lookup.ts";
import { PollingResolver } from "./polling-resolver.ts";
import type { Resolver, ResolverFactory, ResolverOptions, ResolverTarget } from "./resolver.ts";
import { parseHostPort } from "./target-uri.ts";

/**
 * `dns:///name:port` (`dns://server/name:port` asks `server`): every A and AAAA record of `name`,
 * each as `ip:port` with `serverName` = `name` for TLS. Looked up with a DNS client of its own
 * (see {@link dnsClient}) on the {@link PollingResolver} schedule. An IP literal needs no lookup.
 */
export const dnsResolver: ResolverFactory = (target, listener, options) => {
  const { host, port } = parseHostPort(target.path, target.text);
  if (isIP(host) !== 0) return fixed(() => listener.onAddresses([{ hostname: host, port }]));
  const client = dnsClient(dnsServerOf(target, options));
  const polling = new PollingResolver(
    async () => (await lookupHost(client, host)).map((ip) => ({ hostname: ip, port, serverName: host })),
    listener,
    { intervalMs: options.resolveIntervalMs, random: options.random },
  );
  return {
    resolveNow: () => polling.resolveNow(),
    close: () => {
      polling.close();
      client.cancel();
    },
  };
};

/**
 * The DNS server to ask: the `dnsServer` option, else the target's authority (gRPC's
 * `dns://8.8.8.8/name:port`), else the system's. Throws when both are given and differ.
 */
export function dnsServerOf(target: ResolverTarget, options: ResolverOptions): string | undefined {
  const fromTarget = target.authority === "" ? undefined : verifyDnsServer(target.authority);
  if (fromTarget !== undefined && options.dnsServer !== undefined && fromTarget !== options.dnsServer) {
    throw new RangeError(`target "${target.text}" names DNS server ${fromTarget} but the dnsServer option says ${options.dnsServer}`);
  }
  return options.dnsServer ?? fromTarget;
}

/** A resolver whose answer never changes: reports it on the first `resolveNow()`. */
export function fixed(report: () => void): Resolver {
  let state: "new" | "done" | "closed" = "new";
  return {
    resolveNow() {
      if (state !== "new") return;
      state = "done";
      // Asynchronously, as a lookup would: the channel is in the middle of its first call.
      queueMicrotask(() => {
        if (state === "done") report();
      });
    },
    close() {
      state = "closed";
    },
  };
}
