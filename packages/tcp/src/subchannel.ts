import type { TLSOptions } from "bun";
import type { RpcError } from "@strand/rpc";
import type { Session, WireConfigInput } from "@strand/wire";
import { Backoff, type BackoffOptions } from "./backoff.ts";
import { rpcErrorFromConnect } from "./error-translation.ts";
import type { SocketOptions } from "./socket-options.ts";
import { describeAddress } from "./target.ts";
import { connectWire, type DialAddress } from "./wire-connect.ts";

/**
 * Connectivity of one address (gRPC's subchannel states):
 *
 * ```
 *  idle ──connect()──▶ connecting ──ok──▶ ready ──session closed / draining──▶ idle
 *                          │ fail                                     (a new session is dialled
 *                          ▼                                           on the next demand)
 *                  transient_failure ──backoff timer──▶ connecting
 *  any ──shutdown()──▶ shutdown
 * ```
 */
export type SubchannelState = "idle" | "connecting" | "ready" | "transient_failure" | "shutdown";

/** What a subchannel needs to dial. */
export interface SubchannelOptions {
  readonly wire: WireConfigInput;
  readonly tls: TLSOptions | boolean | undefined;
  readonly backoff: BackoffOptions;
  readonly socket: SocketOptions;
  readonly random?: () => number;
}

/**
 * One address of a channel: dials it lazily, keeps one session, redials with gRPC backoff after
 * failures, and rotates to a fresh session when the current one drains (GOAWAY, stream IDs
 * exhausted) while the old one finishes its streams.
 */
export class Subchannel {
  state: SubchannelState = "idle";
  session: Session | undefined;
  /** Why the last attempt failed (for `Unavailable` messages). */
  lastError: RpcError | undefined;
  readonly name: string;
  private readonly backoff: Backoff;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly address: DialAddress,
    private readonly options: SubchannelOptions,
    private readonly onChange: (subchannel: Subchannel) => void,
  ) {
    this.name = describeAddress(address);
    this.backoff = new Backoff(options.backoff, options.random);
  }

  /** A session that can take a new stream right now, if any; rotates a draining one. */
  usableSession(): Session | undefined {
    if (this.state !== "ready") return undefined;
    const session = this.session!;
    if (session.canOpenStream) return session;
    this.session = undefined;
    this.transition("idle");
    this.connect();
    return undefined;
  }

  /** Starts dialling unless already connected or connecting. */
  connect(): void {
    if (this.state !== "idle") return;
    void this.attempt();
  }

  /** Stops dialling; lets in-flight streams of the current session finish (GOAWAY). */
  shutdown(): void {
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    const session = this.session;
    this.session = undefined;
    this.transition("shutdown");
    if (session !== undefined) void session.goAway();
  }

  private async attempt(): Promise<void> {
    this.transition("connecting");
    try {
      // connectWire owns the timeout so that a late connection is closed, not leaked.
      const { wire, tls, socket } = this.options;
      const session = await connectWire({ address: this.address, config: wire, tls, timeoutMs: this.backoff.connectTimeoutMs, ...socket });
      if (this.state === "shutdown") {
        session.close();
        return;
      }
      this.session = session;
      this.backoff.reset();
      this.lastError = undefined;
      void session.closed.then(() => this.sessionClosed(session));
      this.transition("ready");
    } catch (error) {
      if (this.state === "shutdown") return;
      this.lastError = rpcErrorFromConnect(error, this.name);
      this.transition("transient_failure");
      this.retryTimer = setTimeout(() => {
        this.retryTimer = undefined;
        if (this.state === "transient_failure") void this.attempt();
      }, this.backoff.next());
      this.retryTimer.unref?.();
    }
  }

  private sessionClosed(session: Session): void {
    if (this.session !== session || this.state !== "ready") return;
    this.session = undefined;
    this.transition("idle");
  }

  private transition(next: SubchannelState): void {
    if (this.state === next || this.state === "shutdown") return;
    this.state = next;
    this.onChange(this);
  }
}
