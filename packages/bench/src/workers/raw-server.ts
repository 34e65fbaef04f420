/**
 * The raw peer's server (Bun only): the physical limit every RPC stack is compared against.
 * - echo port: every length-prefixed frame is written back; all frames completed by one read go
 *   out in one write (write coalescing per read, as an RPC stack's batching would do at best).
 * - pump port: after a 4-byte request frame carrying a size, frames of that size are written as
 *   fast as the socket drains, until the client closes the connection.
 * - greet port (S8): writes 8 bytes on accept and nothing else — the least a server can do for a
 *   connection, the floor Strand's cost of accepting one is compared with.
 * No parsing, no allocation per message beyond the framing itself: nothing to compete with.
 */
import type { Socket } from "bun";
import { FrameReader, join, readU32, writeU32 } from "../raw/frame-reader.ts";
import { SocketWriter } from "../raw/socket-writer.ts";
import { serveControl } from "./server-control.ts";

interface EchoState {
  reader: FrameReader;
  writer: SocketWriter;
  out: Uint8Array[];
  outBytes: number;
}

const echo = Bun.listen<EchoState | undefined>({
  hostname: "127.0.0.1",
  port: 0,
  socket: {
    binaryType: "uint8array",
    open(socket) {
      socket.setNoDelay(true);
      const state: EchoState = { reader: new FrameReader(() => {}), writer: new SocketWriter(socket), out: [], outBytes: 0 };
      state.reader = new FrameReader((_body, frame) => {
        state.out.push(frame);
        state.outBytes += frame.length;
      });
      socket.data = state;
    },
    data(socket, chunk: Uint8Array) {
      const state = socket.data!;
      state.reader.push(chunk);
      if (state.out.length === 0) return;
      state.writer.write(join(state.out, state.outBytes));
      state.out.length = 0;
      state.outBytes = 0;
    },
    drain(socket) {
      socket.data?.writer.drain();
    },
  },
});

interface PumpState {
  reader: FrameReader;
  writer: SocketWriter;
  batch: Uint8Array | undefined;
  open: boolean;
}

/** Frames of one pump write: as many `size`-byte frames as fit in ~64 KiB (at least one). */
function pumpBatch(size: number): Uint8Array {
  const frameBytes = 4 + size;
  const count = Math.max(1, Math.floor((64 * 1024) / frameBytes));
  const batch = new Uint8Array(count * frameBytes);
  for (let i = 0; i < count; i++) writeU32(batch, i * frameBytes, size);
  return batch;
}

/** Writes batches until the kernel stops taking them; resumed from `drain`. */
function pump(socket: Socket<PumpState | undefined>, state: PumpState): void {
  if (!state.writer.drain()) return;
  const batch = state.batch!;
  while (state.open) {
    const written = Math.max(0, socket.write(batch));
    if (written < batch.length) {
      state.writer.write(batch.subarray(written));
      return;
    }
  }
}

const pumper = Bun.listen<PumpState | undefined>({
  hostname: "127.0.0.1",
  port: 0,
  socket: {
    binaryType: "uint8array",
    open(socket) {
      socket.setNoDelay(true);
      const state: PumpState = { reader: new FrameReader(() => {}), writer: new SocketWriter(socket), batch: undefined, open: true };
      state.reader = new FrameReader((body) => {
        if (state.batch !== undefined || body.length < 4) return;
        state.batch = pumpBatch(readU32(body, 0));
        pump(socket, state);
      });
      socket.data = state;
    },
    data(socket, chunk: Uint8Array) {
      socket.data!.reader.push(chunk);
    },
    drain(socket) {
      const state = socket.data;
      if (state?.batch !== undefined && state.open) pump(socket, state);
    },
    close(socket) {
      if (socket.data) socket.data.open = false;
    },
  },
});

const GREETING = new Uint8Array(8);

const greeter = Bun.listen<undefined>({
  hostname: "127.0.0.1",
  port: 0,
  socket: {
    binaryType: "uint8array",
    open(socket) {
      socket.setNoDelay(true);
      socket.write(GREETING);
    },
    data() {},
  },
});

serveControl({ port: echo.port, pumpPort: pumper.port, greetPort: greeter.port });
