import type { Socket } from "bun";
import type { ByteChannel, Session } from "@strand/wire";

/**
 * Per-connection state kept in `socket.data` (house style 11), which is also the socket's wire
 * {@link ByteChannel}: one object per connection, so an idle connection stays small. Bun's `write`
 * is unbuffered and may be partial; the session keeps the unwritten tail and retries on `drain`,
 * so the channel itself stays a thin shim.
 */
export class SocketChannel implements ByteChannel {
  session: Session | undefined;
  /** The socket failed before its session existed, and that was reported (once). */
  failed = false;
  private peerName: string | undefined;

  constructor(private readonly socket: Socket<SocketChannel>) {}

  write(bytes: Uint8Array): number {
    return this.socket.write(bytes);
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
