import type { Socket } from "bun";
import { createRawPeer, type RawPeer, type RawPeerInput } from "@strand/wire/testing";

/** A hand-driven Strand peer over a real socket, for sending what Strand itself never would. */
export interface SocketRawPeer extends RawPeer {
  /** Closes the connection. */
  end(): void;
}

/** A raw peer over a new connection to `127.0.0.1:port` (it plays the client). */
export async function connectRaw(port: number): Promise<SocketRawPeer> {
  let write: (bytes: Uint8Array) => void = () => {};
  const peer = createRawPeer((bytes) => write(bytes));
  const socket = await Bun.connect({
    hostname: "127.0.0.1",
    port,
    socket: {
      binaryType: "uint8array",
      data: (_s, chunk: Uint8Array) => peer.receive(chunk),
      close: () => peer.closedNow(),
    },
  });
  write = (bytes) => void socket.write(bytes);
  return Object.assign(peer, { end: () => socket.end() });
}

/** What a raw listener keeps per socket: the peer it feeds. */
type Input = (RawPeer & RawPeerInput) | undefined;

/** A listener on 127.0.0.1 whose every connection is a raw peer handed to `onPeer` (it plays the server). */
export function listenRaw(onPeer: (peer: SocketRawPeer) => void): { readonly port: number } & Disposable {
  const listener = Bun.listen<Input>({
    hostname: "127.0.0.1",
    port: 0,
    data: undefined,
    socket: {
      binaryType: "uint8array",
      open(socket: Socket<Input>) {
        const peer = createRawPeer((bytes) => void socket.write(bytes));
        socket.data = peer;
        onPeer(Object.assign(peer, { end: () => socket.end() }));
      },
      data: (socket, chunk: Uint8Array) => socket.data?.receive(chunk),
      close: (socket) => socket.data?.closedNow(),
    },
  });
  return { port: listener.port, [Symbol.dispose]: () => listener.stop(true) };
}
