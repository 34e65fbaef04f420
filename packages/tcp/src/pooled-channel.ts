import { Code, RpcError, type ClientCallListener, type ClientTransportCall, type OpenCall, type Transport } from "@strand/rpc/client";
import type { Session } from "@strand/wire";
import type { EndpointSource } from "./endpoint-source.ts";
import { openedWith, openOptions } from "./compression-options.ts";
import { rpcErrorFrom } from "./error-translation.ts";
import type { LoadBalancer } from "./load-balancer.ts";
import { failedCall, PendingCall } from "./pending-call.ts";
import type { SocketChannel } from "./socket-channel.ts";
import type { Subchannel, SubchannelState } from "./subchannel.ts";
import { SubchannelPool, type Endpoint } from "./subchannel-pool.ts";
import { WireClientCall } from "./wire-client-call.ts";

/** A client's connection pool to one service: the `Transport` typed clients are built on. */
export interface Channel extends Transport {
  /** Closes every connection after its in-flight calls; waiting calls fail with `Unavailable`. */
  close(): void;
  /** `idle`, `connecting`, `ready`, `transient_failure` or `shutdown`: the best state of any address. */
  readonly state: string;
}

/** What a {@link PooledChannel} is made of. */
export interface PooledChannelParts {
  /** The addresses: a fixed list, or a resolver's changing one. */
  readonly source: EndpointSource;
  /** Which subchannels connect and which takes each call. */
  readonly balancer: LoadBalancer;
  /** Calls that may wait for a connection at once. Count; 10,000. */
  readonly maxPendingCalls: number | undefined;
  /**
   * `unref` channels: the connection of `session` (`connectionOf`), which a call keeps ref'd while
   * it runs. Absent, calls hold nothing — a function rather than a flag, so that channels which
   * never unref (the browser's) do not bundle the socket code.
   */
  readonly holdOf?: ((session: Session) => SocketChannel | undefined) | undefined;
}

/**
 * The channel logic every transport shares: addresses from a source (applied to a keyed pool of
 * subchannels), a load-balancing policy picking the connection of each call, calls waiting
 * (within `maxPendingCalls`) for a connection — also while the first resolution runs — and
 * failing fast with `Unavailable` unless `waitForReady`. A lost connection asks the source to
 * re-resolve. Nothing happens before the first call.
 */
export class PooledChannel implements Channel {
  private readonly pending: PendingCall[] = [];
  private readonly maxPending: number;
  private readonly pool: SubchannelPool;
  private readonly source: EndpointSource;
  private readonly balancer: LoadBalancer;
  private readonly holdOf: ((session: Session) => SocketChannel | undefined) | undefined;
  private started = false;
  private closed = false;
  /** The last resolution failure, until addresses arrive. */
  private resolutionError: Error | undefined;

  constructor(parts: PooledChannelParts) {
    this.maxPending = parts.maxPendingCalls ?? 10_000;
    if (!Number.isInteger(this.maxPending) || this.maxPending < 0) throw new RangeError(`maxPendingCalls must be a non-negative integer, got ${String(parts.maxPendingCalls)}`);
    this.source = parts.source;
    this.balancer = parts.balancer;
    this.holdOf = parts.holdOf;
    this.pool = new SubchannelPool((s, previous) => this.onSubchannelChange(s, previous));
  }

  /** The target as the user wrote it (`Transport.target`: what client interceptors report as the server). */
  get target(): string {
    return this.source.target;
  }

  get state(): string {
    if (this.closed) return "shutdown";
    if (!this.started) return "idle";
    const list = this.pool.list;
    if (list.length === 0) return this.resolutionError === undefined ? "connecting" : "transient_failure";
    for (const s of ["ready", "connecting", "transient_failure"] as const) if (list.some((c) => c.pickState === s)) return s;
    return "idle";
  }

  openCall(open: OpenCall, listener: ClientCallListener): ClientTransportCall {
    if (this.closed) return failedCall(open, listener, new RpcError(Code.Unavailable, "channel is closed"), true);
    const started = this.tryStart(open, listener);
    if (started !== undefined) return started;
    this.exitIdle();
    if (this.closed) return failedCall(open, listener, new RpcError(Code.Unavailable, "channel is closed"), true);
    if (!open.waitForReady && !this.mayBecomeReady(false)) return failedCall(open, listener, this.unavailable(), true);
    if (this.pending.length >= this.maxPending) {
      return failedCall(open, listener, new RpcError(Code.ResourceExhausted, `${this.pending.length} calls already wait for a connection`), true);
    }
    const call = new PendingCall(open, listener, (c) => this.removePending(c));
    this.pending.push(call);
    return call;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.source.close();
    this.balancer.close();
    this.pool.shutdownAll();
    const error = new RpcError(Code.Unavailable, "channel closed");
    for (const call of this.pending.splice(0)) call.fail(error, true);
  }

  /** Opens the stream on the connection the policy picks; undefined if none can take it. */
  private tryStart(open: OpenCall, listener: ClientCallListener): ClientTransportCall | undefined {
    const attempts = this.pool.list.length;
    for (let i = 0; i < attempts; i++) {
      const session = this.balancer.pick();
      if (session === undefined) return undefined;
      try {
        const stream = session.openStream(open.head, openOptions(open));
        return new WireClientCall(stream, listener, this.holdOf === undefined ? undefined : this.holdOf(session));
      } catch (error) {
        const rpcError = rpcErrorFrom(error);
        if (rpcError.code !== Code.Unavailable) return failedCall(open, listener, rpcError, false);
      } finally {
        openedWith();
      }
    }
    return undefined;
  }

  /** Calls want a connection: start resolving (first call), then let the policy connect. */
  private exitIdle(): void {
    if (!this.started) {
      this.started = true;
      this.source.start({ onEndpoints: (e) => this.onEndpoints(e), onError: (e) => this.onResolutionError(e) });
    }
    this.balancer.exitIdle();
  }

  private onEndpoints(endpoints: readonly Endpoint[]): void {
    if (this.closed) return;
    // gRPC: an empty list is a resolution failure, and the previous addresses stay.
    if (endpoints.length === 0) return this.onResolutionError(new Error("name resolution returned no addresses"));
    this.resolutionError = undefined;
    const removed = this.pool.update(endpoints);
    this.balancer.setSubchannels(this.pool.list);
    // Drained, not dropped: their in-flight calls finish (GOAWAY), new ones go elsewhere.
    for (const subchannel of removed) subchannel.shutdown();
    this.retryPending();
  }

  private onResolutionError(error: Error): void {
    if (this.closed) return;
    if (this.pool.list.length > 0) return;
    this.resolutionError = error;
    this.retryPending();
  }

  private onSubchannelChange(subchannel: Subchannel, previous: SubchannelState): void {
    if (this.closed) return;
    // A lost connection may mean the address is gone: ask for fresh addresses (gRPC does).
    if (previous === "ready" && subchannel.state !== "ready" && subchannel.state !== "shutdown") this.source.refresh();
    this.balancer.subchannelChanged(subchannel, previous);
    this.retryPending();
  }

  /** Starts the waiting calls that can start now; fails those that no longer may wait. */
  private retryPending(): void {
    if (this.closed || this.pending.length === 0) return;
    const waiting = this.pending.splice(0);
    for (const call of waiting) {
      if (call.cancelled) continue;
      const real = this.tryStart(call.open, call.listener);
      if (real !== undefined) call.start(real);
      else if (!call.open.waitForReady && !this.mayBecomeReady(true)) call.fail(this.unavailable(), true);
      else this.pending.push(call);
    }
    if (this.pending.length > 0) this.balancer.exitIdle();
  }

  /**
   * Whether a call that found no connection should wait rather than fail fast: an address is
   * still connecting (or idle, about to), or — for calls already waiting, `orReady` — a ready one
   * may take it once it has room. Before the first resolution result, always.
   */
  private mayBecomeReady(orReady: boolean): boolean {
    const list = this.pool.list;
    if (list.length === 0) return this.resolutionError === undefined;
    return list.some((s) => {
      const state = s.pickState;
      return state === "connecting" || state === "idle" || (orReady && state === "ready");
    });
  }

  private unavailable(): RpcError {
    const list = this.pool.list;
    if (list.length === 0) {
      const error = this.resolutionError;
      return new RpcError(Code.Unavailable, `name resolution of "${this.source.target}" failed: ${error?.message ?? "no address"}`, { cause: error });
    }
    const unhealthy = list.filter((s) => s.state === "ready" && s.serving === "not_serving").length;
    const last = list.find((s) => s.lastError !== undefined)?.lastError;
    if (unhealthy > 0) {
      const more = last === undefined ? "" : `; ${last.message}`;
      return new RpcError(Code.Unavailable, `no replica of "${this.source.target}" is serving: ${unhealthy} connected, none reports SERVING to the health check${more}`, { cause: last });
    }
    return new RpcError(Code.Unavailable, last?.message ?? "no connection available", { cause: last });
  }

  private removePending(call: PendingCall): void {
    const i = this.pending.indexOf(call);
    if (i >= 0) this.pending.splice(i, 1);
  }
}
