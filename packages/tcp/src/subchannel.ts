import type { RpcError } from "@strand/rpc";
import { isRefusal, type Session } from "@strand/wire";
import { Backoff, type BackoffOptions } from "./backoff.ts";
import { rpcErrorFromConnect, rpcErrorFromRefusal } from "./error-translation.ts";

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

/**
 * Opens one connection to the subchannel's address and resolves with its ready session; gives up
 * (rejecting, and closing a connection that completes later) after `timeoutMs`. TCP, TLS and unix
 * sockets dial with `connectWire`, WebSockets with `dialWebSocket`.
 */
export type Dialer = (timeoutMs: number) => Promise<Session>;

/** How a subchannel retries. */
export interface SubchannelOptions {
  readonly backoff: BackoffOptions;
  readonly random?: () => number;
}

/**
 * One address of a channel: dials it lazily, keeps one session, redials with gRPC backoff after
 * failures, and rotates to a fresh session when the current one drains (GOAWAY, stream IDs
 * exhausted) while the old one finishes its streams.
 *
 * A session the server refused at once (GOAWAY with last stream 0 and an error code: at its
 * connection or handshake limit) counts as a failed connect — `lastError` carries the server's
 * reason and the next attempt waits for the backoff — rather than as a drained session, which
 * would redial at once, in a loop, against a server that asked for less load. The backoff is
 * therefore reset when a session ends without such a refusal, not when the TCP connect succeeds.
 */
export class Subchannel {
  state: SubchannelState = "idle";
  session: Session | undefined;
  /** Why the last attempt failed (for `Unavailable` messages). */
  lastError: RpcError | undefined;
  private readonly backoff: Backoff;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    /** The address as messages show it, e.g. `"127.0.0.1:7000"` or `"ws://localhost:8080/strand"`. */
    readonly name: string,
    private readonly dial: Dialer,
    options: SubchannelOptions,
    private readonly onChange: (subchannel: Subchannel) => void,
  ) {
    this.backoff = new Backoff(options.backoff, options.random);
  }

  /** A session that can take a new stream right now, if any; rotates a draining one. */
  usableSession(): Session | undefined {
    if (this.state !== "ready") return undefined;
    const session = this.session!;
    if (session.canOpenStream) return session;
    this.session = undefined;
    if (this.refused(session)) return undefined;
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
      // The dialer owns the timeout so that a late connection is closed, not leaked.
      const session = await this.dial(this.backoff.connectTimeoutMs);
      if (this.state === "shutdown") {
        session.close();
        return;
      }
      this.session = session;
      this.lastError = undefined;
      void session.closed.then(() => this.sessionClosed(session));
      this.transition("ready");
    } catch (error) {
      if (this.state === "shutdown") return;
      this.failed(rpcErrorFromConnect(error, this.name));
    }
  }

  /** The attempt failed: report `error` to waiting calls and retry after the backoff. */
  private failed(error: RpcError): void {
    this.lastError = error;
    this.transition("transient_failure");
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (this.state === "transient_failure") void this.attempt();
    }, this.backoff.next());
    this.retryTimer.unref?.();
  }

  /**
   * A session that stopped taking streams: if the server refused it, fails the attempt (backoff)
   * and returns true; otherwise it served, and the backoff starts over.
   */
  private refused(session: Session): boolean {
    const goAway = session.goAwayReceived;
    if (isRefusal(goAway)) {
      this.failed(rpcErrorFromRefusal(goAway, this.name));
      return true;
    }
    this.backoff.reset();
    return false;
  }

  private sessionClosed(session: Session): void {
    if (this.session !== session || this.state !== "ready") return;
    this.session = undefined;
    if (!this.refused(session)) this.transition("idle");
  }

  private transition(next: SubchannelState): void {
    if (this.state === next || this.state === "shutdown") return;
    this.state = next;
    this.onChange(this);
  }
}
