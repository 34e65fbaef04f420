import { encodeRefusal, ErrorCode } from "@strand/wire";

/**
 * How many connections a server holds at once, and how many of them may still be in their
 * handshake: the bounds that keep connection churn — floods of connects, half-open sockets,
 * handshakes that never finish — from costing a server more than a fixed share of its sockets,
 * memory and CPU. The excess is refused at accept, before any session or TLS state exists for it.
 */
export interface ConnectionLimits {
  /**
   * Connections the server holds at once, across all its listeners, counted from accept (also
   * those still in their TLS or Strand handshake) to close. One more is refused at accept: over
   * plain TCP with the preface, SETTINGS and GOAWAY REFUSED_STREAM "server at its connection limit
   * (maxConnections N)" as one precomputed write, then the close; over TLS by closing before the
   * handshake. Open connections are unaffected. Count; 10,000; `Infinity` turns it off. Anchor:
   * gRPC core's `grpc.max_allowed_incoming_connections` (unset: unlimited), Tomcat's
   * `maxConnections` (8,192); an idle connection costs the server ~3 KiB (benchmark S6), so 10,000
   * are ~30 MiB. Keep it below the process's open-file limit (`ulimit -n`), or the kernel
   * refuses connections first (EMFILE at accept) without a reason the client can read.
   */
  readonly maxConnections: number;
  /**
   * Connections accepted whose handshake has not finished — the TLS handshake (TLS listeners),
   * then the client's preface and first SETTINGS — at once. Beyond it new connections are refused
   * as for `maxConnections` (reason "too many handshakes in progress (maxHandshakes N)"), until a
   * handshake finishes or its connection closes; a connection that never sends its preface keeps
   * its place until the SETTINGS deadline (`wire.keepaliveTimeoutMs`, 20 s) closes it, a stalled
   * TLS handshake until the handshake deadline (as long). Count; 1,024; `Infinity` turns it off.
   * Why 1,024: a server accepts every connection the kernel has queued before it reads from any
   * of them, so clients that reconnect together (after a restart) arrive as one burst of
   * handshakes — with a bound of 128, 300 simultaneous connects saw 172 refused; 1,024 admits such
   * bursts whole, while half-open and stalled connections still hold at most 1,024 sockets (a few
   * KiB each) and get at most 1,024 TLS key exchanges out of the server per deadline. A client
   * finishes its handshake within a round trip or two, so the bound does not limit the rate of new
   * connections. Anchor: OpenSSH bounds unauthenticated connections the same way (`MaxStartups`,
   * 100, for logins that cost far more than a handshake).
   */
  readonly maxHandshakes: number;
  /**
   * Handlers still running after their call ended — cancelled by the client, a deadline, a lost
   * connection or a shutdown, `ctx.signal` aborted, but the handler has not returned — across the
   * server. While there are this many, new connections are refused as for `maxConnections`
   * (reason "server has too many handlers still running after their calls ended
   * (maxAbandonedHandlers N)"); open connections and their calls are unaffected. A connection's
   * own abandoned handlers are bounded by `maxConcurrentStreams` (each keeps its stream's slot),
   * but a peer that provokes resets until its GOAWAY and then reconnects (MadeYouReset against
   * handlers that ignore their signal) piled up thousands of them across connections — hundreds of
   * MiB and garbage-collector pauses that stalled every other connection. Count; 1,000; `Infinity`
   * turns it off. A server whose handlers honour `ctx.signal` never comes near it.
   */
  readonly maxAbandonedHandlers: number;
}

/** The defaults of {@link ConnectionLimits}. */
export const defaultConnectionLimits: ConnectionLimits = Object.freeze({ maxConnections: 10_000, maxHandshakes: 1_024, maxAbandonedHandlers: 1_000 });

/** Fills in defaults; throws a `RangeError` naming the option on a bad value (at construction). */
export function verifyConnectionLimits(input: { readonly [K in keyof ConnectionLimits]?: number | undefined }): ConnectionLimits {
  const out: Partial<Record<keyof ConnectionLimits, number>> = {};
  for (const name of Object.keys(defaultConnectionLimits) as (keyof ConnectionLimits)[]) {
    const value = input[name] ?? defaultConnectionLimits[name];
    if (typeof value !== "number" || !(value === Infinity || (Number.isInteger(value) && value >= 1))) {
      throw new RangeError(`${name} must be a positive integer or Infinity, got ${String(value)}`);
    }
    out[name] = value;
  }
  return out as ConnectionLimits;
}

/** Which limit turned a connection away. */
export type Refusal = "connections" | "handshakes" | "abandoned";

/**
 * A server's count of its connections and handshakes in progress, against its
 * {@link ConnectionLimits}: one per server, shared by its listeners. The refusal bytes are
 * encoded here, once per server.
 */
export class ConnectionBudget {
  connections = 0;
  handshakes = 0;
  /** What a plain-TCP connection refused for each reason is sent (see `encodeRefusal`). */
  readonly refusals: { readonly [R in Refusal]: Uint8Array };

  constructor(
    readonly limits: ConnectionLimits = defaultConnectionLimits,
    /** The server's handlers (its dispatcher's tally): `abandoned` is held against `maxAbandonedHandlers`. */
    private readonly handlers: { readonly abandoned: number } = { abandoned: 0 },
  ) {
    this.refusals = {
      connections: encodeRefusal(ErrorCode.RefusedStream, `server at its connection limit (maxConnections ${limits.maxConnections})`),
      handshakes: encodeRefusal(ErrorCode.RefusedStream, `server has too many handshakes in progress (maxHandshakes ${limits.maxHandshakes})`),
      abandoned: encodeRefusal(
        ErrorCode.RefusedStream,
        `server has too many handlers still running after their calls ended (maxAbandonedHandlers ${limits.maxAbandonedHandlers})`,
      ),
    };
  }

  /** The reason a new connection would be refused now, or undefined if it fits. */
  refuses(): Refusal | undefined {
    if (this.connections >= this.limits.maxConnections) return "connections";
    if (this.handshakes >= this.limits.maxHandshakes) return "handshakes";
    if (this.handlers.abandoned >= this.limits.maxAbandonedHandlers) return "abandoned";
    return undefined;
  }
}

/**
 * What a listener's socket handler does with its server's {@link ConnectionBudget}: take a place
 * at accept, give the handshake place back when the handshake is done, the connection's at close.
 * The listener keeps its own share of the counts too, so that a listener adopted by a new server
 * under `bun --hot` moves them to the new server's budget ({@link moveTo}).
 */
export class Admission {
  private connections = 0;
  private handshakes = 0;

  constructor(private budget: ConnectionBudget) {}

  /** A socket was accepted: takes a connection and a handshake place, or returns why it is refused. */
  admit(): Refusal | undefined {
    const budget = this.budget;
    const refused = budget.refuses();
    if (refused !== undefined) return refused;
    budget.connections++;
    budget.handshakes++;
    this.connections++;
    this.handshakes++;
    return undefined;
  }

  /** The bytes that refuse a plain-TCP connection for `why`. */
  refusal(why: Refusal): Uint8Array {
    return this.budget.refusals[why];
  }

  /** An admitted connection finished its handshake (or failed it): its handshake place is free. */
  handshakeOver(): void {
    this.budget.handshakes--;
    this.handshakes--;
  }

  /** An admitted connection closed: its connection place is free. */
  connectionOver(): void {
    this.budget.connections--;
    this.connections--;
  }

  /** Counts this listener's connections against `budget` from now on (hot reload). */
  moveTo(budget: ConnectionBudget): void {
    if (budget === this.budget) return;
    this.budget.connections -= this.connections;
    this.budget.handshakes -= this.handshakes;
    budget.connections += this.connections;
    budget.handshakes += this.handshakes;
    this.budget = budget;
  }
}
