import type { TLSOptions } from "bun";
import { ErrorCode, verifyWireConfig, type Session, type SessionOptions, type WireConfigInput, type WireStream } from "@strand/wire";
import { createSocketHandler } from "./socket-handler.ts";
import type { ConnectionData } from "./socket-channel.ts";

/** Where to listen: TCP host and port (0 picks a free port), or a unix socket path. */
export type ListenAddress = { readonly hostname?: string; readonly port: number } | { readonly unix: string };

/** Options of {@link listenWire}. */
export interface WireListenOptions {
  readonly address: ListenAddress;
  /** Wire limits and timers for every accepted session. */
  readonly config?: WireConfigInput | undefined;
  /** Bun TLS options (key/cert); plain TCP when absent. */
  readonly tls?: TLSOptions;
  /** A peer opened a stream on one of the accepted sessions (`session.peerAddress` names the peer). */
  readonly onStream: (stream: WireStream, session: Session) => void;
  /** A connection was accepted (its handshake is under way). */
  readonly onSession?: (session: Session) => void;
}

/** A listening Strand endpoint. */
export interface WireListener {
  /** Bound TCP port (undefined for unix sockets). */
  readonly port: number | undefined;
  readonly hostname: string | undefined;
  /** Sessions currently open. */
  readonly sessions: ReadonlySet<Session>;
  /**
   * Stops accepting connections. Graceful by default: every session gets GOAWAY and in-flight
   * streams finish; `force` closes everything at once.
   */
  close(options?: { readonly force?: boolean; readonly reason?: string }): Promise<void>;
  /** Force-closes, so `await using` in tests and scripts never leaks a listener. */
  [Symbol.asyncDispose](): Promise<void>;
}

/** Listens for Strand connections with `Bun.listen` (TCP, TLS or unix socket). */
export function listenWire(options: WireListenOptions): WireListener {
  const sessions = new Set<Session>();
  // One options object (and one verified config) for every accepted session: an idle connection
  // then costs no closures of its own.
  const sessionOptions: SessionOptions = {
    role: "server",
    config: verifyWireConfig(options.config),
    onStream: options.onStream,
    onClose: (session) => sessions.delete(session),
  };
  const handler = createSocketHandler({
    sessionOptions: () => sessionOptions,
    onSession(session) {
      sessions.add(session);
      options.onSession?.(session);
    },
  });
  const base = { socket: handler, data: undefined as unknown as ConnectionData, ...(options.tls ? { tls: options.tls } : {}) };
  const address = options.address;
  const tcp = "unix" in address ? undefined : Bun.listen<ConnectionData>({ ...base, hostname: address.hostname ?? "127.0.0.1", port: address.port });
  const listener = tcp ?? Bun.listen<ConnectionData>({ ...base, unix: (address as { unix: string }).unix });
  return {
    port: tcp?.port,
    hostname: tcp?.hostname,
    sessions,
    async close(closeOptions = {}) {
      listener.stop(closeOptions.force === true);
      const all = [...sessions];
      if (closeOptions.force === true) for (const s of all) s.close();
      await Promise.all(all.map((s) => s.goAway(ErrorCode.NoError, closeOptions.reason ?? "server shutting down")));
    },
    async [Symbol.asyncDispose]() {
      await this.close({ force: true });
    },
  };
}
