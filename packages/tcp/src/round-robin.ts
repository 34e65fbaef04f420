import type { Session } from "@strand/wire";
import type { LoadBalancer } from "./load-balancer.ts";
import type { Subchannel } from "./subchannel.ts";

/**
 * gRPC's round_robin: once calls flow, every address is connected, and calls rotate over the
 * subchannels that are ready (and serving). A subchannel whose connection ends goes idle and is
 * redialled on the next call (not at once, so that a server closing idle connections is not
 * answered by a reconnect loop while the channel is unused). New addresses are dialled as soon as
 * the resolver reports them.
 *
 * The pick is as cheap as a plain rotation: the ready list is rebuilt on state changes (rare),
 * not filtered per call.
 */
export class RoundRobin implements LoadBalancer {
  private all: readonly Subchannel[] = [];
  private ready: readonly Subchannel[] = [];
  private next = 0;
  /** A call has wanted a connection: from then on every address is kept connected. */
  private active = false;
  /** A subchannel went idle since the last pick: the next pick redials it. */
  private wentIdle = false;

  setSubchannels(list: readonly Subchannel[]): void {
    this.all = list;
    this.rebuild();
    if (this.active) this.connectAll();
  }

  subchannelChanged(subchannel: Subchannel): void {
    this.rebuild();
    if (this.active && subchannel.state === "idle") this.wentIdle = true;
  }

  exitIdle(): void {
    this.active = true;
    this.connectAll();
  }

  pick(): Session | undefined {
    if (this.wentIdle) {
      this.wentIdle = false;
      this.connectAll();
    }
    const list = this.ready;
    const n = list.length;
    for (let i = 0; i < n; i++) {
      const k = (this.next + i) % n;
      const session = list[k]!.usableSession();
      if (session !== undefined) {
        this.next = k + 1 === n ? 0 : k + 1;
        return session;
      }
    }
    return undefined;
  }

  close(): void {
    this.active = false;
  }

  private connectAll(): void {
    for (const subchannel of this.all) subchannel.connect();
  }

  private rebuild(): void {
    this.ready = this.all.filter((s) => s.pickState === "ready");
  }
}
