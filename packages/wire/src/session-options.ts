import type { MessageCompression } from "./compression.ts";
import type { WireConfig, WireConfigInput } from "./config.ts";
import type { GoAway } from "./control-payloads.ts";
import type { Session } from "./session.ts";
import type { WireStream } from "./stream.ts";
import type { Role } from "./stream-table.ts";
import type { WireError } from "./wire-error.ts";

/** Lifecycle of a session as users see it: `open` → `draining` (GOAWAY sent or received) → `closed`. */
export type SessionState = "open" | "draining" | "closed";

/** Options of {@link Session}. */
export interface SessionOptions {
  /** Fixes stream ID parity: the client opens odd streams, the server even ones. */
  readonly role: Role;
  /** Limits and timers; validated at construction (see {@link WireConfig}). */
  readonly config?: WireConfigInput | WireConfig | undefined;
  /**
   * Called for each stream the peer opens, with this session (so one function can serve every
   * session of a listener). Without it, peer streams are refused.
   */
  readonly onStream?: ((stream: WireStream, session: Session) => void) | undefined;
  /** Called once when the session closes (cheaper than `closed` for thousands of sessions). */
  readonly onClose?: (session: Session, error: WireError | undefined) => void;
  /** Called when the peer sends GOAWAY (it will take no new streams). */
  readonly onGoAway?: (goAway: GoAway) => void;
  /** Told of the session's rare events (GOAWAY either way, stream errors), for logs; see {@link SessionObserver}. */
  readonly observer?: SessionObserver | undefined;
  /**
   * Compresses and inflates messages (PROTOCOL.md §5.1); required when the config accepts or sends
   * compression (`acceptCompression`, `sendCompression`). Without it the session advertises no
   * algorithm and sends every message uncompressed. The wire implements none itself: transports
   * bring one (`@strand/tcp` uses node:zlib), wrapped by `messageCompression(codec)` — the framing
   * of compressed messages, which a session without a codec (a browser's) thus never bundles.
   */
  readonly codec?: MessageCompression | undefined;
  /** Clock in milliseconds; injectable for tests. Defaults to `performance.now`. */
  readonly now?: () => number;
}

/**
 * Rare events of a session, for logs (`SessionOptions.observer`): each happens a few times in a
 * connection's life or on a misbehaving peer, never per message. The counts are on
 * `Session#counters` whether or not an observer is set.
 */
export interface SessionObserver {
  /** We sent GOAWAY: a graceful drain (NO_ERROR; a server's notice has stream ID 2^31-1) or a connection error. */
  goAwaySent?(session: Session, goAway: GoAway): void;
  /** The peer sent GOAWAY. */
  goAwayReceived?(session: Session, goAway: GoAway): void;
  /** A stream ended with a protocol error: found here (`initiator: "local"`, RST_STREAM sent) or reset by the peer with an error code other than CANCEL. Which of them matter is the observer's call (a passed deadline is routine to a logger). */
  streamError?(session: Session, streamId: number, error: WireError): void;
}

/** A snapshot of a session's queues (see `Session.diagnostics`). */
export interface SessionDiagnostics {
  /** Streams in the table (both directions). */
  readonly streams: number;
  /** Local streams waiting for the peer's concurrency limit. */
  readonly pendingStreams: number;
  /** Control frames queued but not yet written. */
  readonly queuedControlFrames: number;
  /** Bytes of a partial write waiting for the channel to drain. */
  readonly unwrittenBytes: number;
  /** Whether we stopped reading because the peer does not read our control frames. */
  readonly readPaused: boolean;
  /** Receive window granted to each stream now (grows with the measured bandwidth-delay product). */
  readonly streamWindow: number;
}
