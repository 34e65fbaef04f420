import { Gauge, type Registry } from "prom-client";
import { type ConnectionTotalsFigures, registerConnectionTotals } from "./connection-totals.ts";

/** What `watch` reads from a server: `strand`'s (and `@strand/tcp`'s) `Server` has both. */
export interface WatchableServer {
  /** Open client connections. */
  readonly connections: number;
  /** Handlers running now, and of those the ones that outlived their call. */
  readonly handlers: { readonly running: number; readonly abandoned: number };
  /** Summed connection figures (`strand`'s `Server` has them); servers without report only the two above. */
  readonly connectionFigures?: {
    readonly draining: number;
    readonly goAwayReceived: number;
    readonly streams: number;
    readonly readPaused: number;
    readonly unwrittenBytes: number;
    readonly queuedControlFrames: number;
  };
  /** Bytes, pings, GOAWAYs, resets and stalls since the server started (`strand`'s `Server` has them). */
  readonly connectionTotals?: ConnectionTotalsFigures;
}

type Figure = keyof NonNullable<WatchableServer["connectionFigures"]>;

/** The gauges read from `connectionFigures`: name suffix, figure, help. */
const FIGURE_GAUGES: readonly (readonly [string, Figure, string])[] = [
  ["server_connections_draining", "draining", "Connections of the watched servers draining after a GOAWAY (sent or received): no new streams."],
  ["server_connections_goaway_received", "goAwayReceived", "Open connections of the watched servers whose client sent GOAWAY."],
  ["server_streams", "streams", "Streams open on the watched servers' connections (both directions, including those waiting for a concurrency slot)."],
  ["server_connections_read_paused", "readPaused", "Connections whose reading is paused because the client does not read our control frames (flow-control stall)."],
  ["server_unwritten_bytes", "unwrittenBytes", "Bytes of partial writes waiting for their socket to drain (write backpressure), all connections."],
  ["server_queued_control_frames", "queuedControlFrames", "Control frames queued but not yet written, all connections."],
];

/** What `watch` reads from a channel: `strand`'s `Channel` has it. */
export interface WatchableChannel {
  /** `idle`, `connecting`, `ready`, `transient_failure` or `shutdown`. */
  readonly state: string;
}

/** Channel states reported with a series each (0 when no watched channel is in it), so that absent never means zero. */
const CHANNEL_STATES = ["idle", "connecting", "ready", "transient_failure", "shutdown"] as const;

/**
 * The servers and channels `watch` was given, read only when Prometheus scrapes (prom-client's
 * `collect` callbacks): watching costs nothing between scrapes and nothing per call. Figures of
 * several watched servers (or channels) are summed.
 */
export class Watched {
  private readonly servers = new Set<WatchableServer>();
  private readonly channels = new Set<WatchableChannel>();

  constructor(prefix: string, registry: Registry) {
    const registers = [registry];
    const servers = this.servers;
    const channels = this.channels;
    const sum = (read: (s: WatchableServer) => number): number => {
      let n = 0;
      for (const s of servers) n += read(s);
      return n;
    };
    new Gauge({
      name: `${prefix}server_connections`,
      help: "Open client connections of the watched servers (all listeners, including those draining).",
      registers,
      collect() {
        this.set(sum((s) => s.connections));
      },
    });
    new Gauge({
      name: `${prefix}server_handlers_running`,
      help: "Handlers running now on the watched servers.",
      registers,
      collect() {
        this.set(sum((s) => s.handlers.running));
      },
    });
    new Gauge({
      name: `${prefix}server_handlers_abandoned`,
      help: "Running handlers whose call already ended (they ignore ctx.signal); new connections are refused at maxAbandonedHandlers.",
      registers,
      collect() {
        this.set(sum((s) => s.handlers.abandoned));
      },
    });
    for (const [suffix, figure, help] of FIGURE_GAUGES) {
      new Gauge({
        name: `${prefix}${suffix}`,
        help,
        registers,
        collect() {
          this.set(sum((s) => s.connectionFigures?.[figure] ?? 0));
        },
      });
    }
    registerConnectionTotals(prefix, registry, (figure) => sum((s) => s.connectionTotals?.[figure] ?? 0));
    new Gauge({
      name: `${prefix}client_channels`,
      help: "Watched channels, by connectivity state (gRPC's names).",
      labelNames: ["state"],
      registers,
      collect() {
        const counts = new Map<string, number>(CHANNEL_STATES.map((s) => [s, 0]));
        for (const c of channels) counts.set(c.state, (counts.get(c.state) ?? 0) + 1);
        for (const [state, n] of counts) this.set({ state }, n);
      },
    });
  }

  /** Starts reading `target` at scrapes; the returned function stops it. */
  add(target: WatchableServer | WatchableChannel): () => void {
    if (isServer(target)) {
      this.servers.add(target);
      return () => void this.servers.delete(target);
    }
    if (typeof (target as { state?: unknown }).state === "string") {
      this.channels.add(target);
      return () => void this.channels.delete(target);
    }
    throw new TypeError("watch: expected a Strand server (connections, handlers) or channel (state)");
  }
}

function isServer(target: WatchableServer | WatchableChannel): target is WatchableServer {
  const t = target as { connections?: unknown; handlers?: unknown };
  return typeof t.connections === "number" && typeof t.handlers === "object" && t.handlers !== null;
}
