/** `network.peer.address` and, for IP peers, `network.peer.port`. */
export interface PeerAddress {
  readonly address: string;
  readonly port?: number;
}

const IP_PORT = /^\[?([^\]]*)\]?:(\d{1,5})$/;

/**
 * The client's address of a server span, from `ctx.peer` as transports describe it:
 * `"127.0.0.1:53122"`, `"[::1]:53122"`, `"unix:/run/x.sock"`. A form it does not know (`"unknown"`)
 * yields `undefined`: the attribute is left out rather than filled with a non-address.
 */
export function peerAddress(peer: string): PeerAddress | undefined {
  if (peer.startsWith("unix:")) return { address: peer.slice(5) };
  const match = IP_PORT.exec(peer);
  if (match === null || match[1] === "") return undefined;
  return { address: match[1]!, port: Number(match[2]) };
}

/** Peers remembered by {@link PeerAddressCache}; past it the cache starts over (a bound, not an LRU). */
const CACHE_LIMIT = 1_024;

/**
 * {@link peerAddress} remembered per peer string: every call of a connection has the same peer, so
 * a server parses each client once instead of running a regex and allocating per call.
 */
export class PeerAddressCache {
  readonly #known = new Map<string, PeerAddress | undefined>();

  of(peer: string): PeerAddress | undefined {
    const known = this.#known;
    let address = known.get(peer);
    if (address === undefined && !known.has(peer)) {
      if (known.size >= CACHE_LIMIT) known.clear();
      known.set(peer, (address = peerAddress(peer)));
    }
    return address;
  }
}
