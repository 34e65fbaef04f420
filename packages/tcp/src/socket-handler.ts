import type { Socket, SocketHandler } from "bun";
import { Session, type SessionOptions } from "@strand/wire";
import { type ConnectionData, SocketChannel } from "./socket-channel.ts";

/**
 * Builds the one handler object shared by every socket of a listener or dialer: each event is
 * forwarded to the session in `socket.data`, created when the socket opens.
 */
export function createSocketHandler(
  sessionOptions: (socket: Socket<ConnectionData>) => SessionOptions,
  onSession: (session: Session, socket: Socket<ConnectionData>) => void,
): SocketHandler<ConnectionData> {
  return {
    // Plain Uint8Array chunks (cheaper than Buffer); the session only needs Uint8Array.
    binaryType: "uint8array",
    open(socket) {
      socket.setNoDelay?.(true);
      socket.data = { session: undefined, peer: describePeer(socket) };
      socket.data.session = new Session(new SocketChannel(socket), sessionOptions(socket));
      const session = socket.data.session;
      onSession(session, socket);
    },
    data(socket, chunk) {
      socket.data.session?.receive(chunk);
    },
    drain(socket) {
      socket.data.session?.drain();
    },
    end(socket) {
      // Strand does not use TCP half-close: the peer's FIN means the connection is over.
      socket.data.session?.channelClosed(new Error("peer closed the connection"));
      socket.end();
    },
    close(socket, error) {
      socket.data.session?.channelClosed(error);
    },
    error(socket, error) {
      socket.data.session?.channelClosed(error);
    },
  };
}

/** `host:port` of the remote end (bracketed IPv6), or `unix` for unix-socket peers. */
function describePeer(socket: Socket<ConnectionData>): string {
  const address = socket.remoteAddress;
  if (address === undefined || address === "") return "unix";
  return `${address.includes(":") ? `[${address}]` : address}:${socket.remotePort}`;
}
