import type { Session } from "@strand/wire";
import { PickFirst } from "./pick-first.ts";
import { RoundRobin } from "./round-robin.ts";
import type { Subchannel, SubchannelState } from "./subchannel.ts";

/** The load-balancing policies a channel can use. */
export type LoadBalancingPolicy = "round_robin" | "pick_first";

/**
 * A load-balancing policy of one channel: which subchannels connect, and which ready one takes
 * each call. Both built-in policies skip subchannels that are connecting, failing, draining or
 * (with health checking) not serving — they go by `Subchannel.pickState`.
 */
export interface LoadBalancer {
  /** The channel's subchannels, in the resolver's order (new ones idle, removed ones gone). */
  setSubchannels(list: readonly Subchannel[]): void;
  /** One subchannel changed state (from `previous`) or readiness. */
  subchannelChanged(subchannel: Subchannel, previous: SubchannelState): void;
  /** Calls are waiting: connect what the policy wants connected. */
  exitIdle(): void;
  /** The hot path: a session that takes a new stream now, or undefined. */
  pick(): Session | undefined;
  /** Stops the policy's timers. */
  close(): void;
}

/** Throws a `RangeError` unless `value` names a policy. */
export function verifyLoadBalancing(value: unknown): LoadBalancingPolicy {
  if (value === "round_robin" || value === "pick_first") return value;
  throw new RangeError(`loadBalancing must be "round_robin" or "pick_first", got ${JSON.stringify(value)}`);
}

/** A new instance of `policy`. */
export function createLoadBalancer(policy: LoadBalancingPolicy): LoadBalancer {
  switch (policy) {
    case "round_robin":
      return new RoundRobin();
    case "pick_first":
      return new PickFirst();
  }
}
