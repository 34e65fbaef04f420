import type { Subchannel, SubchannelListener } from "./subchannel.ts";

/** One address as a channel gets it: a key (same key, same subchannel across updates) and how to make its subchannel. */
export interface Endpoint {
  readonly key: string;
  create(onChange: SubchannelListener): Subchannel;
}

/**
 * The subchannels of a channel's current addresses, by key. An address update keeps the
 * subchannels of addresses still listed (their connections and calls are untouched), creates
 * subchannels (idle) for new ones, and hands back those of removed addresses for the channel to
 * shut down gracefully. Duplicates in an update count once.
 */
export class SubchannelPool {
  private byKey = new Map<string, Subchannel>();
  /** The current subchannels, in the order of the last update. */
  list: readonly Subchannel[] = [];

  constructor(private readonly onChange: SubchannelListener) {}

  /** Applies an address list; returns the subchannels whose addresses are gone. */
  update(endpoints: readonly Endpoint[]): Subchannel[] {
    const next = new Map<string, Subchannel>();
    const list: Subchannel[] = [];
    for (const endpoint of endpoints) {
      if (next.has(endpoint.key)) continue;
      const subchannel = this.byKey.get(endpoint.key) ?? endpoint.create(this.onChange);
      next.set(endpoint.key, subchannel);
      list.push(subchannel);
    }
    const removed = [...this.byKey].filter(([key]) => !next.has(key)).map(([, s]) => s);
    this.byKey = next;
    this.list = list;
    return removed;
  }

  /** Shuts every subchannel down (channel close) and forgets them. */
  shutdownAll(): void {
    const all = this.list;
    this.byKey = new Map();
    this.list = [];
    for (const subchannel of all) subchannel.shutdown();
  }
}
