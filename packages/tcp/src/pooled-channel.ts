import { Code, RpcError, type ClientCallListener, type ClientTransportCall, type OpenCall, type Transport } from "@strand/rpc/client";
import { rpcErrorFrom } from "./error-translation.ts";
import { PendingCall } from "./pending-call.ts";
import { connectionOf } from "./socket-channel.ts";
import type { Subchannel } from "./subchannel.ts";
import { WireClientCall } from "./wire-client-call.ts";

/** A client's connection pool to one service: the `Transport` typed clients are built on. */
export interface Channel extends Transport {
  /** Closes every connection after its in-flight calls; waiting calls fail with `Unavailable`. */
  close(): void;
  /** `idle`, `connecting`, `ready`, `transient_failure` or `shutdown`: the best state of any address. */
  readonly state: string;
}

/**
 * The channel logic every transport shares: round-robin over subchannels, calls waiting (within
 * `maxPendingCalls`) for a connection, failing fast with `Unavailable` unless `waitForReady`.
 */
export class PooledChannel implements Channel {
  private readonly subchannels: Subchannel[];
  private readonly pending: PendingCall[] = [];
  private readonly maxPending: number;
  private next = 0;
  private closed = false;

  constructor(
    makeSubchannels: (onChange: () => void) => Subchannel[],
    maxPendingCalls: number | undefined,
    /** `unref` channels: a call keeps its (unref'd) connection ref'd while it runs. */
    private readonly unref: boolean,
  ) {
    this.maxPending = maxPendingCalls ?? 10_000;
    if (!Number.isInteger(this.maxPending) || this.maxPending < 0) throw new RangeError(`maxPendingCalls must be a non-negative integer, got ${String(maxPendingCalls)}`);
    this.subchannels = makeSubchannels(() => this.onSubchannelChange());
  }

  get state(): string {
    if (this.closed) return "shutdown";
    for (const s of ["ready", "connecting", "transient_failure"] as const) if (this.subchannels.some((c) => c.state === s)) return s;
    return "idle";
  }

  openCall(open: OpenCall, listener: ClientCallListener): ClientTransportCall {
    if (this.closed) return this.failLater(open, listener, new RpcError(Code.Unavailable, "channel is closed"));
    const started = this.tryStart(open, listener);
    if (started !== undefined) return started;
    for (const s of this.subchannels) s.connect();
    if (!open.waitForReady && !this.anyConnecting()) return this.failLater(open, listener, this.unavailable());
    if (this.pending.length >= this.maxPending) {
      return this.failLater(open, listener, new RpcError(Code.ResourceExhausted, `${this.pending.length} calls already wait for a connection`));
    }
    const call = new PendingCall(open, listener, (c) => this.removePending(c));
    this.pending.push(call);
    return call;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const s of this.subchannels) s.shutdown();
    const error = new RpcError(Code.Unavailable, "channel closed");
    for (const call of this.pending.splice(0)) call.fail(error, true);
  }

  /** Opens the stream on the next healthy connection, round-robin; undefined if none can take it. */
  private tryStart(open: OpenCall, listener: ClientCallListener): ClientTransportCall | undefined {
    const n = this.subchannels.length;
    for (let i = 0; i < n; i++) {
      const subchannel = this.subchannels[(this.next + i) % n]!;
      const session = subchannel.usableSession();
      if (session === undefined) continue;
      this.next = (this.next + i + 1) % n;
      try {
        const stream = session.openStream(open.head, open.message === undefined ? { end: open.end } : { message: open.message, end: open.end });
        return new WireClientCall(stream, listener, this.unref ? connectionOf(session) : undefined);
      } catch (error) {
        const rpcError = rpcErrorFrom(error);
        if (rpcError.code !== Code.Unavailable) return this.failLater(open, listener, rpcError);
      }
    }
    return undefined;
  }

  private onSubchannelChange(): void {
    if (this.closed || this.pending.length === 0) return;
    const waiting = this.pending.splice(0);
    for (const call of waiting) {
      if (call.cancelled) continue;
      const real = this.tryStart(call.open, call.listener);
      if (real !== undefined) call.start(real);
      else if (!call.open.waitForReady && !this.anyConnecting() && !this.anyReady()) call.fail(this.unavailable(), true);
      else this.pending.push(call);
    }
  }

  private anyConnecting(): boolean {
    return this.subchannels.some((s) => s.state === "connecting" || s.state === "idle");
  }

  private anyReady(): boolean {
    return this.subchannels.some((s) => s.state === "ready");
  }

  private unavailable(): RpcError {
    const last = this.subchannels.find((s) => s.lastError !== undefined)?.lastError;
    return new RpcError(Code.Unavailable, last?.message ?? "no connection available", { cause: last });
  }

  private removePending(call: PendingCall): void {
    const i = this.pending.indexOf(call);
    if (i >= 0) this.pending.splice(i, 1);
  }

  private failLater(open: OpenCall, listener: ClientCallListener, error: RpcError): ClientTransportCall {
    const call = new PendingCall(open, listener, () => {});
    queueMicrotask(() => {
      if (!call.cancelled) call.fail(error, error.code === Code.Unavailable);
    });
    return call;
  }
}
