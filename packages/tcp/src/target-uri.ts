import type { ResolverTarget } from "./resolver.ts";

/** RFC 3986 scheme: a letter, then letters, digits, `+`, `-`, `.`. */
const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):(.*)$/s;

/**
 * Splits `scheme://authority/path` (or gRPC's short form `scheme:path`) into its parts, or
 * returns undefined when `text` has no scheme. Whether the scheme means anything (a registered
 * resolver) is the caller's question: `localhost:7000` parses as scheme `localhost` too.
 */
export function parseTargetUri(text: string): ResolverTarget | undefined {
  const match = SCHEME.exec(text);
  if (match === null) return undefined;
  const scheme = match[1]!.toLowerCase();
  const rest = match[2]!;
  if (!rest.startsWith("//")) return { scheme, authority: "", path: rest, text };
  const slash = rest.indexOf("/", 2);
  if (slash < 0) return { scheme, authority: rest.slice(2), path: "", text };
  return { scheme, authority: rest.slice(2, slash), path: rest.slice(slash + 1), text };
}

/**
 * Splits `name:port` / `[v6]:port` (the path of a `dns:` target) into host and port; throws a
 * `RangeError` quoting `target` when either is missing or the port is out of range.
 */
export function parseHostPort(hostPort: string, target: string): { readonly host: string; readonly port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:/[\]]+)):(\d+)$/.exec(hostPort);
  const port = match === null ? NaN : Number(match[3]);
  if (match === null || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new RangeError(`invalid target "${target}": expected ${target.split(":")[0]}:///name:port (the port is required)`);
  }
  return { host: (match[1] ?? match[2])!, port };
}
