import type { Socket } from "bun";
import { createRawPeer, type RawPeer, rawFrame } from "@strand/wire/testing";

/** A hand-driven Strand peer over a raw Bun socket (the wire package's raw peer, on a real connection). */
export interface SocketRawPeer extends RawPeer {
  readonly socket: Socket<undefined>;
}

/** One encoded frame, for hand-written byte sequences. */
export const frame = rawFrame;

export async function connectRaw(port: number): Promise<SocketRawPeer> {
  let write: (bytes: Uint8Array) => void = () => {};
  const peer = createRawPeer((bytes) => write(bytes));
  const socket = await Bun.connect({
    hostname: "127.0.0.1",
    port,
    socket: {
      binaryType: "uint8array",
      data(_s, chunk: Uint8Array) {
        peer.receive(chunk);
      },
      close() {
        peer.closedNow();
      },
    },
  });
  write = (bytes) => void socket.write(bytes);
  return Object.assign(peer, { socket });
}
