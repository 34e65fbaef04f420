import type { DialAddress } from "./wire-connect.ts";

/**
 * Parses channel targets: `host:port`, `[v6]:port`, `unix:/path`, or a list of them (the channel
 * balances across the list). Throws a `RangeError` naming the bad target at construction.
 */
export function parseTargets(target: string | readonly string[]): DialAddress[] {
  const list = typeof target === "string" ? target.split(",").map((t) => t.trim()).filter((t) => t !== "") : [...target];
  if (list.length === 0) throw new RangeError("createChannel: no target address given");
  return list.map(parseTarget);
}

function parseTarget(target: string): DialAddress {
  if (target.startsWith("unix:")) {
    const path = target.slice(5).replace(/^\/\/(?=\/)/, "");
    if (path === "") throw new RangeError(`invalid target "${target}": unix: needs a path`);
    return { unix: path };
  }
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(target);
  const port = match === null ? NaN : Number(match[3]);
  if (match === null || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new RangeError(`invalid target "${target}": expected host:port, [ipv6]:port or unix:/path`);
  }
  return { hostname: (match[1] ?? match[2])!, port };
}

/** How a target is shown in errors and logs. */
export function describeAddress(address: DialAddress): string {
  if ("unix" in address) return `unix:${address.unix}`;
  return address.hostname.includes(":") ? `[${address.hostname}]:${address.port}` : `${address.hostname}:${address.port}`;
}
