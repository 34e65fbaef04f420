import { ErrorCode, WireError, type Session } from "@strand/wire";
import { jitteredAge, sweepIntervalMs, type ConnectionLifecycle } from "./connection-lifecycle.ts";

/** What the sweep uses of a session (a subset of wire's `Session`, so that tests can hand in fakes). */
export type SweptSession = Pick<Session, "state" | "activeStreams" | "goAway" | "close">;

/** Where the sweep finds the server's connections: its listeners, each with its open sessions. */
export type SessionSource<S extends SweptSession> = () => Iterable<{ readonly sessions: ReadonlySet<S> }>;

/**
 * What the server has done to a connection for its lifecycle limits:
 *
 * ```
 *  serving ──age reached: GOAWAY──▶ aged ──grace over: close, calls cancelled──▶ (closed)
 *     └─────no call for maxConnectionIdleMs: GOAWAY──▶ idled ──drained──▶ (closed)
 * ```
 */
type LifeState = { readonly t: "serving" } | { readonly t: "aged"; readonly at: number } | { readonly t: "idled" };

const SERVING: LifeState = { t: "serving" };
const IDLED: LifeState = { t: "idled" };

/** What the sweep knows of one connection. Times are on the sweep's (monotonic) clock, in ms. */
interface Life {
  /** When the sweep, or the connection's first call, first saw it: its accept, to within one sweep. */
  readonly bornAt: number;
  /** Its own age limit, jittered. */
  readonly maxAgeMs: number;
  state: LifeState;
  /** Calls opened on it so far, and the count at the last sweep: a difference is activity between sweeps. */
  opened: number;
  seenOpened: number;
  /**
   * The first sweep that found it without calls after one that saw it busy (or its accept): it has
   * been idle since then at least — never earlier than the truth. Undefined while busy.
   */
  idleSince: number | undefined;
  /** `ctx.draining` of its calls: made with the first call that reads one (age limits only). */
  drain: AbortController | undefined;
  /** The last sweep that found it on one of the server's listeners. */
  epoch: number;
}

/** The reason of an age GOAWAY, as clients see it (in the errors of calls that crossed it, in logs). */
export const AGE_REASON = "connection reached its maximum age (maxConnectionAgeMs)";
/** The reason of an idle GOAWAY. */
export const IDLE_REASON = "connection idle (maxConnectionIdleMs)";

/**
 * Enforces a server's {@link ConnectionLifecycle} on all its connections — TCP, TLS, unix and
 * WebSocket alike — with one unref'd interval timer that walks them (see `sweepIntervalMs`): no
 * timer per connection and no clock read per call. A connection past its (jittered) age gets
 * GOAWAY, its calls' `ctx.draining` aborts, and once `maxConnectionAgeGraceMs` passed it is closed
 * with the calls still running cancelled; a connection without calls for `maxConnectionIdleMs`
 * gets GOAWAY and, having nothing to wait for, closes. The timer runs while the server has
 * listeners or connections it has aged, and stops by itself after that.
 */
export class ConnectionSweep<S extends SweptSession = Session> {
  private readonly lives = new Map<S, Life>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private epoch = 0;
  private readonly ageOn: boolean;
  private readonly idleOn: boolean;
  /** `ctx.draining`'s reason on an aged connection: one object per server. */
  private readonly agedReason = new Error(AGE_REASON);

  constructor(
    private readonly lifecycle: ConnectionLifecycle,
    private readonly source: SessionSource<S>,
    private readonly now: () => number = () => performance.now(),
    private readonly random: () => number = Math.random,
  ) {
    this.ageOn = lifecycle.maxConnectionAgeMs !== Infinity;
    this.idleOn = lifecycle.maxConnectionIdleMs !== Infinity;
  }

  /** Connections the sweep tracks now (tests, diagnostics). */
  get tracked(): number {
    return this.lives.size;
  }

  /** The server listens: sweep from now on (idempotent). */
  start(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => this.sweep(), sweepIntervalMs(this.lifecycle));
    this.timer.unref?.();
  }

  /**
   * A call arrived on `session`: counts it as activity and returns the `ctx.draining` its call
   * gets — `listenerDraining`, or with an age limit the connection's own signal, which aborts at
   * the connection's age GOAWAY as well as when the server closes ({@link serverClosing}).
   */
  streamOpened(session: S, listenerDraining: AbortSignal): AbortSignal {
    const life = this.lives.get(session) ?? this.track(session, this.now());
    life.opened++;
    if (!this.ageOn || listenerDraining.aborted) return listenerDraining;
    if (life.drain === undefined) {
      life.drain = new AbortController();
      if (life.state.t === "aged") life.drain.abort(this.agedReason);
    }
    return life.drain.signal;
  }

  /** The server's graceful or forced close began: the connections' own `ctx.draining` signals abort too. */
  serverClosing(reason: Error): void {
    for (const life of this.lives.values()) if (life.drain !== undefined && !life.drain.signal.aborted) life.drain.abort(reason);
  }

  /** One pass over the server's connections; the timer calls it, tests call it with their own clock. */
  sweep(): void {
    const now = this.now();
    const epoch = ++this.epoch;
    let listeners = 0;
    for (const listener of this.source()) {
      listeners++;
      for (const session of listener.sessions) {
        const life = this.lives.get(session) ?? this.track(session, now);
        life.epoch = epoch;
        this.check(session, life, now);
      }
    }
    for (const [session, life] of this.lives) {
      if (session.state === "closed") this.lives.delete(session);
      else if (life.epoch !== epoch) {
        // Off the server's listeners (the server is closing them, or `bun --hot` handed the
        // listener to the next server): a grace under way is still ours to enforce, nothing else.
        if (life.state.t === "aged") this.check(session, life, now);
        else this.lives.delete(session);
      }
    }
    if (listeners === 0 && this.lives.size === 0) this.stop();
  }

  /** Stops the timer (the next `start` restarts it). */
  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  private track(session: S, now: number): Life {
    const life: Life = {
      bornAt: now,
      maxAgeMs: jitteredAge(this.lifecycle.maxConnectionAgeMs, this.random),
      state: SERVING,
      opened: 0,
      seenOpened: 0,
      idleSince: now,
      drain: undefined,
      epoch: 0,
    };
    this.lives.set(session, life);
    return life;
  }

  /** Applies the limits to one connection: the one place a connection's {@link LifeState} changes. */
  private check(session: S, life: Life, now: number): void {
    const state = life.state;
    if (state.t === "idled") return;
    if (state.t === "aged") {
      if (now - state.at >= this.lifecycle.maxConnectionAgeGraceMs) this.expire(session);
      return;
    }
    // Draining already (the server closing, the client's own GOAWAY): nothing left to rotate.
    if (session.state !== "open") return;
    if (now - life.bornAt >= life.maxAgeMs) {
      life.state = { t: "aged", at: now };
      void session.goAway(ErrorCode.NoError, AGE_REASON);
      life.drain?.abort(this.agedReason);
      if (this.lifecycle.maxConnectionAgeGraceMs === 0) this.expire(session);
      return;
    }
    if (!this.idleOn) return;
    if (session.activeStreams > 0 || life.opened !== life.seenOpened) {
      life.seenOpened = life.opened;
      life.idleSince = undefined;
    } else if (life.idleSince === undefined) {
      life.idleSince = now;
    } else if (now - life.idleSince >= this.lifecycle.maxConnectionIdleMs) {
      life.state = IDLED;
      // No call to wait for: the session closes as soon as the GOAWAY is written. A call that
      // crossed it is refused as never processed, and the client retries it on a new connection.
      void session.goAway(ErrorCode.NoError, IDLE_REASON);
    }
  }

  /** The grace after an age GOAWAY is over: close, cancelling the calls still running. */
  private expire(session: S): void {
    const grace = this.lifecycle.maxConnectionAgeGraceMs;
    session.close(new WireError(ErrorCode.Cancel, `maxConnectionAgeGraceMs (${grace} ms) over after the connection's age GOAWAY: cancelling the calls still running`));
  }
}
