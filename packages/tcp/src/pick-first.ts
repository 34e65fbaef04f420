import type { Session } from "@strand/wire";
import type { LoadBalancer } from "./load-balancer.ts";
import type { Subchannel, SubchannelState } from "./subchannel.ts";

/**
 * How long pick_first waits for one address before it also dials the next (happy eyeballs,
 * RFC 8305 / gRPC A61). Milliseconds.
 */
export const HAPPY_EYEBALLS_DELAY_MS = 250;

/** A connection pass: the next address to dial, and the timer that dials it. */
interface Pass {
  next: number;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/**
 * gRPC's pick_first: all calls go to one connection. On demand, a pass dials the addresses in
 * the resolver's order, starting the next attempt when the current one failed or has not
 * connected within {@link HAPPY_EYEBALLS_DELAY_MS}; the first to become ready (and serving) is
 * selected and the others are disconnected (gracefully). When the selected connection is lost,
 * drains or stops serving, the policy goes idle and the next call starts a new pass from the
 * top — with the addresses of the re-resolution that the loss triggered.
 */
export class PickFirst implements LoadBalancer {
  private list: readonly Subchannel[] = [];
  private selected: Subchannel | undefined;
  private pass: Pass | undefined;

  setSubchannels(list: readonly Subchannel[]): void {
    this.list = list;
    if (this.selected !== undefined && !list.includes(this.selected)) this.selected = undefined;
    if (this.selected === undefined && this.pass !== undefined) {
      this.stopPass();
      this.startPass();
    }
  }

  subchannelChanged(subchannel: Subchannel, previous: SubchannelState): void {
    if (subchannel === this.selected) {
      if (subchannel.pickState !== "ready") this.selected = undefined;
      return;
    }
    if (this.pass === undefined || !this.list.includes(subchannel)) return;
    if (subchannel.pickState === "ready") this.select(subchannel);
    else if (subchannel.state === "transient_failure" && previous === "connecting") this.tryNext();
  }

  exitIdle(): void {
    if (this.selected === undefined && this.pass === undefined) this.startPass();
  }

  pick(): Session | undefined {
    return this.selected?.usableSession();
  }

  close(): void {
    this.stopPass();
  }

  private startPass(): void {
    this.pass = { next: 0, timer: undefined };
    this.tryNext();
  }

  /** Selects an address that is ready already, or dials the next one and arms the delay. */
  private tryNext(): void {
    const pass = this.pass!;
    clearTimeout(pass.timer);
    pass.timer = undefined;
    const ready = this.list.find((s) => s.pickState === "ready");
    if (ready !== undefined) return this.select(ready);
    // Every address was tried: each retries on its own backoff, and the first ready one wins.
    if (pass.next >= this.list.length) return;
    this.list[pass.next++]!.connect();
    if (this.pass !== pass) return;
    pass.timer = setTimeout(() => {
      if (this.pass === pass) this.tryNext();
    }, HAPPY_EYEBALLS_DELAY_MS);
    pass.timer.unref?.();
  }

  private select(subchannel: Subchannel): void {
    this.stopPass();
    this.selected = subchannel;
    for (const other of this.list) if (other !== subchannel) other.disconnect();
  }

  private stopPass(): void {
    if (this.pass !== undefined) clearTimeout(this.pass.timer);
    this.pass = undefined;
  }
}
