import type { RpcError } from "@strand/rpc";
import { isRefusal, type Session, type WireError } from "@strand/wire";
import { Backoff, type BackoffOptions } from "./backoff.ts";
import { rpcErrorFromConnect, rpcErrorFromRefusal } from "./error-translation.ts";
import { sessionTransport, type ReadinessCheck, type Serving } from "./readiness-check.ts";

/**
 * Connectivity of one address (gRPC's subchannel states):
 *
 * ```
 *  idle ──connect()──▶ connecting ──ok──▶ ready ──session closed / draining──▶ idle
 *                          │ fail                                     (a new session is dialled
 *                          ▼                                           on the next demand)
 *                  transient_failure ──backoff timer──▶ connecting
 *  connecting, ready, transient_failure ──disconnect()──▶ idle
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

/** How a subchannel retries, and what it checks before calls may use a connection. */
export interface SubchannelOptions {
  readonly backoff: BackoffOptions;
  readonly random?: () => number;
  /** Run on every new connection; until it reports serving, the connection takes no calls. */
  readonly readiness?: ReadinessCheck | undefined;
  /** Told when a connection opens and closes (a channel's logger: `ConnectionEvents`). */
  readonly events?: SubchannelEvents | undefined;
}

/** What a subchannel reports of its connections' lives (`ConnectionEvents` implements it). */
export interface SubchannelEvents {
  opened(session: Session, origin: { readonly target: string }): void;
  closed(session: Session, error: WireError | undefined, origin: { readonly target: string }): void;
}

/** Told of every state change (`previous` → `subchannel.state`) and readiness report. */
export type SubchannelListener = (subchannel: Subchannel, previous: SubchannelState) => void;

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
 *
 * With a readiness check (client-side health checking), a ready session takes calls only once
 * the check reported it serving; `pickState` folds that into the state the policies look at.
 */
export class Subchannel {
  state: SubchannelState = "idle";
  session: Session | undefined;
  /** What the readiness check last said of the current session ("serving" when there is no check). */
  serving: Serving = "unknown";
  /** Why the last attempt failed (for `Unavailable` messages). */
  lastError: RpcError | undefined;
  private readonly backoff: Backoff;
  private readonly readiness: ReadinessCheck | undefined;
  private readonly events: SubchannelEvents | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Aborts the readiness check of the current session. */
  private check: AbortController | undefined;
  /** Bumped by `disconnect()`: a dial in flight from before it is abandoned. */
  private generation = 0;

  constructor(
    /** The address as messages show it, e.g. `"127.0.0.1:7000"` or `"ws://localhost:8080/strand"`. */
    readonly name: string,
    private readonly dial: Dialer,
    options: SubchannelOptions,
    private readonly onChange: SubchannelListener,
  ) {
    this.backoff = new Backoff(options.backoff, options.random);
    this.readiness = options.readiness;
    this.events = options.events;
  }

  /**
   * The state load-balancing policies go by: a ready connection whose readiness check has not
   * reported yet is still `connecting`, one reported not serving is in `transient_failure`.
   */
  get pickState(): SubchannelState {
    if (this.state !== "ready") return this.state;
    return this.serving === "serving" ? "ready" : this.serving === "unknown" ? "connecting" : "transient_failure";
  }

  /** A session that can take a new stream right now, if any; rotates a draining one. */
  usableSession(): Session | undefined {
    if (this.state !== "ready" || this.serving !== "serving") return undefined;
    const session = this.session!;
    if (session.canOpenStream) return session;
    this.dropSession();
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

  /**
   * Back to `idle` without shutting down: stops dialling and retrying, and lets the current
   * session's streams finish (GOAWAY). pick_first does this to the addresses it did not pick.
   */
  disconnect(): void {
    if (this.state === "idle" || this.state === "shutdown") return;
    this.generation++;
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const session = this.dropSession();
    this.transition("idle");
    if (session !== undefined) void session.goAway();
  }

  /** Stops dialling; lets in-flight streams of the current session finish (GOAWAY). */
  shutdown(): void {
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    const session = this.dropSession();
    this.transition("shutdown");
    if (session !== undefined) void session.goAway();
  }

  private async attempt(): Promise<void> {
    const generation = this.generation;
    this.transition("connecting");
    try {
      // The dialer owns the timeout so that a late connection is closed, not leaked.
      const session = await this.dial(this.backoff.connectTimeoutMs);
      if (this.state === "shutdown" || generation !== this.generation) {
        session.close();
        return;
      }
      this.session = session;
      this.lastError = undefined;
      const events = this.events;
      events?.opened(session, { target: this.name });
      void session.closed.then((error) => {
        events?.closed(session, error, { target: this.name });
        this.sessionClosed(session);
      });
      this.serving = this.readiness === undefined ? "serving" : "unknown";
      this.transition("ready");
      this.startCheck(session);
    } catch (error) {
      if (this.state === "shutdown" || generation !== this.generation) return;
      this.failed(rpcErrorFromConnect(error, this.name));
    }
  }

  /** Runs the readiness check on a new session; its reports count while the session is current. */
  private startCheck(session: Session): void {
    if (this.readiness === undefined || this.session !== session) return;
    const check = new AbortController();
    this.check = check;
    const report = (serving: boolean): void => {
      if (check.signal.aborted || this.session !== session || this.state !== "ready") return;
      const next: Serving = serving ? "serving" : "not_serving";
      if (next === this.serving) return;
      this.serving = next;
      this.onChange(this, "ready");
    };
    this.readiness(sessionTransport(session), report, check.signal);
  }

  /** Forgets the current session and stops its readiness check; returns it. */
  private dropSession(): Session | undefined {
    const session = this.session;
    this.session = undefined;
    this.serving = "unknown";
    this.check?.abort();
    this.check = undefined;
    return session;
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
    this.dropSession();
    if (!this.refused(session)) this.transition("idle");
  }

  private transition(next: SubchannelState): void {
    const previous = this.state;
    if (previous === next || previous === "shutdown") return;
    this.state = next;
    this.onChange(this, previous);
  }
}
