import type { Socket } from "bun";
import type { PeerCertificate } from "@strand/rpc";
import type { ByteChannel, Session } from "@strand/wire";

/**
 * How far a connection is from carrying calls:
 *
 * ```
 *  opening ──open (plain dialer)──────────────────────────────────────────────────────▶ ready
 *     │  ├──TLS dialer: handshake ok, our preface sent──▶ secured ──server's first bytes──▶ ready
 *     │  └──server: open (plain) / TLS handshake ok──▶ greeting ──client's first SETTINGS──▶ ready
 *     └────────────────── close / error / failed handshake ──────────┴──────────────────┴──▶ failed
 *  refused: a server turned the socket away at accept (connection or handshake limit, closing)
 *  any ──close──▶ closed (the socket is gone; a server has given its places back)
 * ```
 * A TLS dialer waits in `secured` for the server to speak because in TLS 1.3 the server judges
 * our client certificate only after our handshake completed: its first bytes are the proof that
 * it accepted us (gRPC-Go likewise waits for the server preface before a transport is ready).
 * A server's connection serves calls from `greeting` on (its session exists); `opening` and
 * `greeting` are the handshake that `maxHandshakes` bounds.
 */
export type ConnectionPhase = "opening" | "secured" | "greeting" | "ready" | "failed" | "refused" | "closed";

/** The connection a session runs on, if it is one of ours: the facts a session does not carry (peer certificate, process ref) live there. */
export function connectionOf(session: Session): SocketChannel | undefined {
  const channel = session.channel;
  return channel instanceof SocketChannel ? channel : undefined;
}

/**
 * Per-connection state kept in `socket.data` (house style 11), which is also the socket's wire
 * {@link ByteChannel}: one object per connection, so an idle connection stays small. Bun's `write`
 * is unbuffered and may be partial; the session keeps the unwritten tail and retries on `drain`,
 * so the channel itself stays a thin shim.
 */
export class SocketChannel implements ByteChannel {
  session: Session | undefined;
  phase: ConnectionPhase = "opening";
  /** The client's verified certificate (TLS servers that request one), read once at the handshake. */
  peerCertificate: PeerCertificate | undefined;
  /** Calls in flight on an unref'd connection; it is ref'd while this is above 0. */
  private busy = 0;
  private peerName: string | undefined;

  constructor(private readonly socket: Socket<SocketChannel>) {}

  /** Binds the session created for this connection. */
  bind(session: Session): void {
    this.session = session;
  }

  write(bytes: Uint8Array): number {
    return this.socket.write(bytes);
  }

  /** `bytes[0, length)`, with no view made for it (ByteChannel.writeRange). */
  writeRange(bytes: Uint8Array, length: number): number {
    return this.socket.write(bytes, 0, length);
  }

  close(): void {
    this.socket.end();
  }

  pause(): void {
    this.socket.pause();
  }

  resume(): void {
    this.socket.resume();
  }

  /** `unref` servers and channels: a call starts on this (unref'd) connection; keep the process alive. */
  retain(): void {
    if (this.busy++ === 0) this.socket.ref();
  }

  /** The matching end of {@link retain}: the last call ended, the connection is idle again. */
  release(): void {
    if (--this.busy === 0) this.socket.unref();
  }

  /** The remote address as handlers see it (`ctx.peer`): `"127.0.0.1:53122"`, `"[::1]:53122"` or `"unix"`; computed on first use. */
  get peer(): string {
    return (this.peerName ??= describePeer(this.socket));
  }
}

/** `socket.data` of every Strand socket. */
export type ConnectionData = SocketChannel;

/** `host:port` of the remote end (bracketed IPv6), or `unix` for unix-socket peers. */
function describePeer(socket: Socket<SocketChannel>): string {
  const address = socket.remoteAddress;
  if (address === undefined || address === "") return "unix";
  return `${address.includes(":") ? `[${address}]` : address}:${socket.remotePort}`;
}
