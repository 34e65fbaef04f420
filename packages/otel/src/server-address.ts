/** `server.address` and, when the target names one, `server.port`. */
export interface ServerAddress {
  readonly address: string;
  readonly port?: number;
}

const HOST_PORT = /^(?:\[([^\]]+)\]|([^:/[\]]+)):(\d{1,5})$/;

/**
 * What a client span reports as its server, from the channel's target, following the gRPC
 * conventions' rules for target strings: the host and port of `host:port`, `[v6]:port` and
 * `dns://[server]/name:port`; the socket path of `unix:`; the host and port of a `ws(s)://` URL
 * (its scheme's default port when none is written); the record name of `dns+srv:`. Anything else —
 * a list of addresses, a custom resolver's scheme — is reported whole, without a port, which keeps
 * the attribute low-cardinality. Never resolves names and never reads the connected address.
 */
export function serverAddress(target: string): ServerAddress {
  if (target.startsWith("unix:")) return { address: target.slice(5).replace(/^\/\/(?=\/)/, "") };
  if (target.startsWith("ws://") || target.startsWith("wss://")) return urlAddress(target);
  const dns = /^dns:\/\/[^/]*\/(.+)$/.exec(target);
  if (dns !== null) return hostPort(dns[1]!) ?? { address: dns[1]! };
  const srv = /^dns\+srv:\/\/[^/]*\/(.+)$/.exec(target);
  if (srv !== null) return { address: srv[1]! };
  return hostPort(target) ?? { address: target };
}

function hostPort(text: string): ServerAddress | undefined {
  const match = HOST_PORT.exec(text);
  if (match === null) return undefined;
  const port = Number(match[3]);
  return port > 0 && port <= 65535 ? { address: (match[1] ?? match[2])!, port } : undefined;
}

function urlAddress(target: string): ServerAddress {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return { address: target };
  }
  const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  const port = url.port !== "" ? Number(url.port) : url.protocol === "wss:" ? 443 : 80;
  return { address: host, port };
}
