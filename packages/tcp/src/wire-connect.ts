import type { TLSOptions } from "bun";
import type { Session, SessionObserver, WireConfigInput, WireStream } from "@strand/wire";
import { createSocketHandler } from "./socket-handler.ts";
import { defaultSocketOptions } from "./socket-options.ts";
import type { ConnectionData } from "./socket-channel.ts";
import { clientTlsOptions } from "./tls-options.ts";
import { zlibCodec } from "./zlib-codec.ts";

/** Where to connect: TCP host and port, or a unix socket path. */
export type DialAddress = { readonly hostname: string; readonly port: number } | { readonly unix: string };

/** Options of {@link connectWire}. */
export interface WireConnectOptions {
  readonly address: DialAddress;
  readonly config?: WireConfigInput | undefined;
  /** Bun TLS client options (`ca`, `serverName`, `rejectUnauthorized`, …); plain TCP when absent. */
  readonly tls?: TLSOptions | boolean | undefined;
  /** Streams the server opens towards us (rare in RPC; refused when absent). */
  readonly onStream?: (stream: WireStream) => void;
  /**
   * Gives up after this long: the promise rejects and a socket that connects later is closed, so
   * an abandoned attempt never leaves a connection behind. Milliseconds; none by default.
   */
  readonly timeoutMs?: number;
  /** TCP keep-alive delay (see `SocketOptions.tcpKeepAliveMs`); ignored for unix sockets. Milliseconds; 60,000. */
  readonly tcpKeepAliveMs?: number;
  /** Unref the connection once ready (see `SocketOptions.unref`). Default false. */
  readonly unref?: boolean;
  /** Told of the session's GOAWAYs and stream errors (`SessionOptions.observer`: a channel's logger). */
  readonly observer?: SessionObserver | undefined;
}

/**
 * Connects with `Bun.connect` and resolves with the client session once the socket is ready for
 * the wire: open, and for TLS after a successful handshake and the server's first bytes (Bun
 * resolves `connect` before that; see `ConnectionPhase`). Rejects — with the reason — when the
 * connection is refused, the TLS handshake or certificate check fails, the server refuses our
 * client certificate, the socket closes first, or `timeoutMs` passes.
 */
export function connectWire(options: WireConnectOptions): Promise<Session> {
  return new Promise<Session>((resolve, reject) => {
    let settled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const settle = (error: Error | undefined, session?: Session): void => {
      if (settled) {
        // Too late (timed out): nobody will use this connection.
        session?.close();
        return;
      }
      settled = true;
      clearTimeout(timer);
      if (error !== undefined) reject(error);
      else resolve(session!);
    };
    const address = options.address;
    const tls = options.tls === undefined || options.tls === false ? undefined : clientTlsOptions(options.tls);
    const handler = createSocketHandler({
      sessionOptions: () => ({ role: "client", config: options.config, codec: zlibCodec, observer: options.observer, ...(options.onStream ? { onStream: options.onStream } : {}) }),
      onSession: (session) => settle(undefined, session),
      onFailure: (error) => settle(error),
      ...(tls !== undefined ? { tls: "client" as const } : {}),
      tcpKeepAliveMs: "unix" in address ? 0 : (options.tcpKeepAliveMs ?? defaultSocketOptions.tcpKeepAliveMs),
      unref: options.unref === true,
    });
    if (options.timeoutMs !== undefined) {
      timer = setTimeout(() => settle(new Error(`connect timed out after ${options.timeoutMs} ms`)), options.timeoutMs);
      timer.unref?.();
    }
    const base = { socket: handler, data: undefined as unknown as ConnectionData, ...(tls ? { tls } : {}) };
    const connecting = "unix" in address ? Bun.connect<ConnectionData>({ ...base, unix: address.unix }) : Bun.connect<ConnectionData>({ ...base, hostname: address.hostname, port: address.port });
    connecting.then(
      (socket) => {
        // A socket that connects after the attempt timed out is closed at once.
        if (settled && socket.data?.phase !== "ready") socket.end();
      },
      (error: unknown) => settle(error instanceof Error ? error : new Error(String(error))),
    );
  });
}
