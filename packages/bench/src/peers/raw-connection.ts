/**
 * The raw peer's client (Bun only): length-prefixed frames on `Bun.connect`, replies matched to
 * calls in FIFO order (the echo server answers in order), writes issued in one microtask turn
 * coalesced into one `write`. This is the least work any client can do for an echo, hence the limit.
 */
import type { Socket } from "bun";
import { FrameReader, join, writeU32 } from "../raw/frame-reader.ts";
import { SocketWriter } from "../raw/socket-writer.ts";
import type { ChatStream, PeerConnection, PeerDriver, PumpHandle, ServerPorts } from "./peer-connection.ts";

interface RawSocketState {
  reader: FrameReader | undefined;
  writer: SocketWriter | undefined;
  onClose: (() => void) | undefined;
}

/** Connects a raw socket whose frames go to `onFrame`. */
async function dial(port: number, onFrame: (body: Uint8Array) => void, keepAlive: boolean): Promise<Socket<RawSocketState>> {
  const socket = await Bun.connect<RawSocketState>({
    hostname: "127.0.0.1",
    port,
    data: { reader: undefined, writer: undefined, onClose: undefined },
    socket: {
      binaryType: "uint8array",
      data(s, chunk: Uint8Array) {
        s.data.reader?.push(chunk);
      },
      drain(s) {
        s.data.writer?.drain();
      },
      close(s) {
        s.data.onClose?.();
      },
    },
  });
  socket.setNoDelay(true);
  if (keepAlive) socket.setKeepAlive(true, 30_000);
  socket.data.reader = new FrameReader(onFrame);
  socket.data.writer = new SocketWriter(socket);
  return socket;
}

class RawConnection implements PeerConnection {
  private readonly waiters: Array<() => void> = [];
  private readonly out: Uint8Array[] = [];
  private outBytes = 0;
  private flushQueued = false;

  private constructor(private readonly ports: ServerPorts, private socket: Socket<RawSocketState> | undefined) {}

  static async open(ports: ServerPorts, keepAlive: boolean): Promise<RawConnection> {
    const connection = new RawConnection(ports, undefined);
    connection.socket = await dial(ports.port, () => connection.waiters.shift()?.(), keepAlive);
    await connection.echo(new Uint8Array(1));
    return connection;
  }

  echo(payload: Uint8Array): Promise<void> {
    return new Promise<void>((resolve) => {
      this.waiters.push(resolve);
      const frame = new Uint8Array(4 + payload.length);
      writeU32(frame, 0, payload.length);
      frame.set(payload, 4);
      this.out.push(frame);
      this.outBytes += frame.length;
      if (!this.flushQueued) {
        this.flushQueued = true;
        queueMicrotask(() => this.flush());
      }
    });
  }

  pump(size: number, onMessage: (bytes: number) => void): PumpHandle {
    // No multiplexing: the one-way pump is its own connection to the pump port.
    let closeSocket: (() => void) | undefined;
    let stopped = false;
    const done = (async () => {
      const socket = await dial(this.ports.pumpPort!, (body) => onMessage(body.length), false);
      const closed = new Promise<void>((resolve) => {
        socket.data.onClose = resolve;
      });
      closeSocket = () => socket.end();
      if (stopped) socket.end();
      const request = new Uint8Array(8);
      writeU32(request, 0, 4);
      writeU32(request, 4, size);
      socket.data.writer!.write(request);
      await closed;
    })();
    return {
      stop() {
        stopped = true;
        closeSocket?.();
      },
      done,
    };
  }

  chat(): ChatStream {
    // A raw "stream" is the connection itself: ping-pong is echo with one frame in flight.
    return { roundTrip: (payload) => this.echo(payload), close: async () => {} };
  }

  async close(): Promise<void> {
    this.socket?.end();
  }

  private flush(): void {
    this.flushQueued = false;
    const bytes = join(this.out, this.outBytes);
    this.out.length = 0;
    this.outBytes = 0;
    this.socket!.data.writer!.write(bytes);
  }
}

/** The raw peer's driver; `keepAlive` turns on TCP keep-alive (S6). */
export function rawDriver(ports: ServerPorts, keepAlive = true): PeerDriver {
  return { connect: () => RawConnection.open(ports, keepAlive) };
}
