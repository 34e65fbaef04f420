/**
 * S8's connection lifecycles, one per mode: each opens one connection, does the least the mode
 * needs, closes it, and resolves once the socket is closed. The raw modes are the floor every
 * server pays for a connection (`Bun.listen` accept + a write + close); the Strand modes are what
 * churning clients make a Strand server do — from a bare connect to a full call. Bun only.
 */
import type { Socket } from "bun";
import { createChannel, createClient } from "strand";
import { encodeFrame, encodeSettings, Flag, FrameDecoder, FrameType, PREFACE_LENGTH, encodePreface } from "@strand/wire/internal";
import { PROTOCOL_DEFAULTS } from "@strand/wire";
import { Bench } from "../gen/bench.ts";
import { writeU32 } from "../raw/frame-reader.ts";

/** What S8 measures per connection; see {@link CHURN_MODES}. */
export type ChurnMode = "raw-greet" | "raw-echo" | "strand-open" | "strand-handshake" | "strand-call" | "strand-refused";

/**
 * - `raw-greet`: connect to a raw server that writes 8 bytes on accept; close once they arrived.
 * - `raw-echo`: connect to the raw echo server, one 64 B frame there and back, close.
 * - `strand-open`: connect, wait for the server's preface and SETTINGS, close without a byte sent
 *   (a half-open connection; the server built a session for nothing).
 * - `strand-handshake`: preface + SETTINGS, ACK the server's, close at its ACK (handshake only).
 * - `strand-call`: a fresh channel, one 64 B unary call, `channel.close()`.
 * - `strand-refused`: connect to a server at its connection limit (`maxConnections: 1`, the one
 *   place held by the worker): read the refusal (preface, SETTINGS, GOAWAY) and close.
 */
export const CHURN_MODES: readonly ChurnMode[] = ["raw-greet", "raw-echo", "strand-open", "strand-handshake", "strand-call", "strand-refused"];

/** The raw mode each Strand mode is compared with (the least a server does for such a connection). */
export const CHURN_BASELINE: { readonly [M in ChurnMode]: ChurnMode } = {
  "raw-greet": "raw-greet",
  "raw-echo": "raw-echo",
  "strand-open": "raw-greet",
  "strand-handshake": "raw-echo",
  "strand-call": "raw-echo",
  "strand-refused": "raw-greet",
};

/** Ports of S8's servers: the raw peer's greet and echo ports, the Strand server's port. */
export interface ChurnPorts {
  readonly rawGreet?: number;
  readonly rawEcho?: number;
  readonly strand?: number;
  /** A Strand server with `maxConnections: 1` (see {@link holdPlace}). */
  readonly strandRefusing?: number;
}

/** Per-socket state of a churn connection: what it waits for, and its close. */
interface ChurnSocket {
  onData: (socket: Socket<ChurnSocket>, chunk: Uint8Array) => void;
  closed: () => void;
}

/** One raw socket that resolves when it is closed; `onData` decides when to end it. */
async function dial(port: number, onData: ChurnSocket["onData"], first?: Uint8Array): Promise<void> {
  let closed!: () => void;
  const done = new Promise<void>((resolve) => (closed = resolve));
  const socket = await Bun.connect<ChurnSocket>({
    hostname: "127.0.0.1",
    port,
    data: { onData, closed },
    socket: {
      binaryType: "uint8array",
      data: (s, chunk: Uint8Array) => s.data.onData(s, chunk),
      close: (s) => s.data.closed(),
      error: (s) => s.data.closed(),
    },
  });
  socket.setNoDelay(true);
  if (first !== undefined) socket.write(first);
  return done;
}

/** Ends the socket once `total` bytes arrived. */
function endAfter(total: number): ChurnSocket["onData"] {
  let seen = 0;
  return (socket, chunk) => {
    seen += chunk.length;
    if (seen >= total) socket.end();
  };
}

const ECHO_FRAME = ((): Uint8Array => {
  const frame = new Uint8Array(4 + 64);
  writeU32(frame, 0, 64);
  return frame;
})();

const HELLO = new Uint8Array([...encodePreface(), ...encodeFrame({ type: FrameType.Settings, flags: 0, streamId: 0, payload: encodeSettings(PROTOCOL_DEFAULTS) })]);
const SETTINGS_ACK = encodeFrame({ type: FrameType.Settings, flags: Flag.Ack, streamId: 0, payload: new Uint8Array(0) });
/** The server's preface and SETTINGS frame (six 6-byte entries): what `strand-open` waits for. */
const SERVER_HELLO_BYTES = PREFACE_LENGTH + 9 + 36;

/** A client's side of the Strand handshake as a `dial` data handler: ACKs the server's SETTINGS, calls `acked` once ours is ACKed. */
function handshakeReader(acked: (socket: Socket<ChurnSocket>) => void): ChurnSocket["onData"] {
  let prefaceLeft = PREFACE_LENGTH;
  const decoder = new FrameDecoder(16 * 1024 * 1024 - 1);
  return (socket, chunk) => {
    const skip = Math.min(prefaceLeft, chunk.length);
    prefaceLeft -= skip;
    decoder.push(chunk.subarray(skip));
    for (let f = decoder.next(); f !== undefined; f = decoder.next()) {
      if (f.type !== FrameType.Settings) continue;
      if ((f.flags & Flag.Ack) === 0) socket.write(SETTINGS_ACK);
      else return acked(socket);
    }
  };
}

/** Strand handshake only: our preface + SETTINGS, ACK theirs, close once ours is ACKed. */
function strandHandshake(port: number): Promise<void> {
  return dial(port, handshakeReader((socket) => void socket.end()), HELLO);
}

const payload = { data: new Uint8Array(64) };

/** One full Strand call on a fresh channel. */
async function strandCall(port: number): Promise<void> {
  const channel = createChannel(`127.0.0.1:${port}`);
  try {
    await createClient(Bench, channel).echo(payload);
  } finally {
    channel.close();
  }
}

/** Opens a connection that completes its handshake and stays open: it holds the refusing server's one place. */
export async function holdPlace(port: number): Promise<void> {
  let acked!: () => void;
  const settled = new Promise<void>((resolve) => (acked = resolve));
  void dial(port, handshakeReader(() => acked()), HELLO);
  await settled;
}

/** Runs one connection of `mode` against `ports`. */
export function churnOnce(mode: ChurnMode, ports: ChurnPorts): Promise<void> {
  const need = (port: number | undefined): number => {
    if (port === undefined) throw new Error(`S8 ${mode}: the server did not report its port`);
    return port;
  };
  switch (mode) {
    case "raw-greet":
      return dial(need(ports.rawGreet), endAfter(8));
    case "raw-echo":
      return dial(need(ports.rawEcho), endAfter(ECHO_FRAME.length), ECHO_FRAME);
    case "strand-open":
      return dial(need(ports.strand), endAfter(SERVER_HELLO_BYTES));
    case "strand-handshake":
      return strandHandshake(need(ports.strand));
    case "strand-call":
      return strandCall(need(ports.strand));
    case "strand-refused":
      return dial(need(ports.strandRefusing), endAfter(SERVER_HELLO_BYTES));
  }
}
