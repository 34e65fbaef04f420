import type { CompressionCodec } from "./compression.ts";
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
  /**
   * Compresses and inflates messages (PROTOCOL.md §5.1); required when the config accepts or sends
   * compression (`acceptCompression`, `sendCompression`). Without it the session advertises no
   * algorithm and sends every message uncompressed. The wire implements none itself: transports
   * bring one (`@strand/tcp` uses node:zlib).
   */
  readonly codec?: CompressionCodec | undefined;
  /** Clock in milliseconds; injectable for tests. Defaults to `performance.now`. */
  readonly now?: () => number;
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
