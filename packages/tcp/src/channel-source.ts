import type { TLSOptions } from "bun";
import { fixedSource, resolvedSource, type EndpointSource } from "./endpoint-source.ts";
import type { ResolvedAddress } from "./resolver.ts";
import { registeredSchemes, resolverFor } from "./resolver-registry.ts";
import type { VerifiedResolutionOptions } from "./resolution-options.ts";
import type { Endpoint } from "./subchannel-pool.ts";
import { describeAddress, parseTargets } from "./target.ts";
import { parseTargetUri } from "./target-uri.ts";

/**
 * The address source of a `createChannel` target: a resolver when the target is a URI of a
 * registered scheme (`dns:///name:port`, `dns+srv:///_svc._tcp.name`), else the fixed list
 * `parseTargets` reads (`host:port`, lists, `unix:/path`). Throws a `RangeError` for an unknown
 * scheme (`foo://…`) and whatever the resolver factory throws for a malformed target.
 */
export function channelSource(
  target: string | readonly string[],
  options: VerifiedResolutionOptions & { readonly random: () => number },
  endpointOf: (address: ResolvedAddress) => Endpoint,
): EndpointSource {
  const uri = typeof target === "string" ? parseTargetUri(target.trim()) : undefined;
  if (uri !== undefined && uri.scheme !== "unix") {
    const factory = resolverFor(uri.scheme);
    if (factory !== undefined) {
      const resolverOptions = { resolveIntervalMs: options.resolveIntervalMs, random: options.random, ...(options.dnsServer === undefined ? {} : { dnsServer: options.dnsServer }) };
      return resolvedSource(uri.text, (listener) => factory(uri, listener, resolverOptions), checked(endpointOf));
    }
    if (uri.text.includes("://")) {
      throw new RangeError(`invalid target "${uri.text}": no resolver for the scheme "${uri.scheme}" (known: ${registeredSchemes().join(", ")}, unix; registerResolver adds one)`);
    }
  }
  const text = typeof target === "string" ? target : target.join(",");
  return fixedSource(text, parseTargets(target).map(endpointOf));
}

/** The key of an address in a channel's pool: where it connects, and the TLS name it checks. */
export function addressKey(address: ResolvedAddress): string {
  const where = describeAddress(address);
  return "hostname" in address && address.serverName !== undefined ? `${where}/${address.serverName}` : where;
}

/**
 * The TLS options of a connection to a resolved IP: the name it was resolved from as
 * `serverName`, so that the certificate is checked against the name — unless the user set one.
 */
export function tlsForAddress(tls: TLSOptions | boolean | undefined, address: ResolvedAddress): TLSOptions | boolean | undefined {
  if (tls === undefined || tls === false || !("hostname" in address) || address.serverName === undefined) return tls;
  const base = tls === true ? {} : tls;
  return base.serverName !== undefined ? tls : { ...base, serverName: address.serverName };
}

/** Resolver plugins are user code: an address that is not one is a bug worth a clear error. */
function checked(endpointOf: (address: ResolvedAddress) => Endpoint): (address: ResolvedAddress) => Endpoint {
  return (address) => {
    const ok = typeof address === "object" && address !== null && ("unix" in address
      ? typeof address.unix === "string" && address.unix !== ""
      : typeof address.hostname === "string" && address.hostname !== "" && Number.isInteger(address.port) && address.port >= 1 && address.port <= 65535);
    if (!ok) throw new TypeError(`resolver reported an invalid address: ${JSON.stringify(address)} (expected { hostname, port } or { unix })`);
    return endpointOf(address);
  };
}
