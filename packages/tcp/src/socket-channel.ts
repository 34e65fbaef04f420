import type { Socket } from "bun";
import type { ByteChannel, Session } from "@strand/wire";

/** Per-connection state kept in `socket.data` (house style 11). */
export interface ConnectionData {
  session: Session | undefined;
  /** The remote address as handlers see it (`ctx.peer`): `"127.0.0.1:53122"`, `"[::1]:53122"` or `"unix"`. */
  peer: string;
  /** The socket failed before its session existed, and that was reported (once). */
  failed: boolean;
}

/**
 * A Bun socket as a wire {@link ByteChannel}. Bun's `write` is unbuffered and may be partial; the
 * session keeps the unwritten tail and retries on `drain`, so this adapter stays a thin shim.
 */
export class SocketChannel implements ByteChannel {
  constructor(private readonly socket: Socket<ConnectionData>) {}

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
}
