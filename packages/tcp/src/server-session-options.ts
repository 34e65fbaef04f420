import { type Session, type SessionOptions, verifyWireConfig, type WireConfigInput, type WireStream } from "@strand/wire";
import type { ConnectionEvents } from "./connection-events.ts";
import { zlibCodec } from "./zlib-codec.ts";

/**
 * The one options object every session a listener accepts is built with (TCP and WebSocket
 * alike): an idle connection then costs no closures of its own. Rebuilt when the listener is
 * retargeted (hot reload brings a new config or a new server's events).
 */
export function serverSessionOptions(
  config: WireConfigInput | undefined,
  onStream: (stream: WireStream, session: Session) => void,
  sessions: Set<Session>,
  /** Read when a session closes, not when it opened: after a hot reload the new server's events get the closes of connections it adopted. */
  events: () => ConnectionEvents | undefined,
  listener: () => string,
): SessionOptions {
  const observer = events()?.observer;
  return {
    role: "server",
    config: verifyWireConfig(config),
    codec: zlibCodec,
    onStream,
    onClose: (session, error) => {
      sessions.delete(session);
      events()?.closed(session, error, { listener: listener() });
    },
    observer,
  };
}
