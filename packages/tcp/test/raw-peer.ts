import type { Socket } from "bun";
import { encodeFrame, encodePreface, encodeSettings, FrameDecoder, FrameType, PREFACE_LENGTH, PROTOCOL_DEFAULTS, type Frame, type Settings } from "@strand/wire";

/** A hand-driven Strand peer over a raw Bun socket, for sending what a real session never would. */
export interface RawPeer {
  readonly socket: Socket<undefined>;
  /** Frames received so far (after the peer's preface). */
  readonly frames: Frame[];
  /** Resolves when the connection closes. */
  readonly closed: Promise<void>;
  send(bytes: Uint8Array): void;
  /** Sends the preface and a SETTINGS frame (protocol defaults, overridden by `settings`), as a well-behaved client would. */
  handshake(settings?: Partial<Settings>): void;
  /** Resolves with the first frame matching `type`, or undefined if the connection closed first. */
  waitFor(type: FrameType): Promise<Frame | undefined>;
  /** Resolves with the first received frame `match` accepts, or undefined if the connection closed first. */
  waitUntil(match: (frame: Frame) => boolean): Promise<Frame | undefined>;
}

/** One encoded frame, for hand-written byte sequences. */
export function frame(type: number, flags: number, streamId: number, payload: Uint8Array = new Uint8Array(0)): Uint8Array {
  return encodeFrame({ type: type as FrameType, flags, streamId, payload });
}

export async function connectRaw(port: number): Promise<RawPeer> {
  const frames: Frame[] = [];
  const decoder = new FrameDecoder(16 * 1024 * 1024 - 1);
  let preface = 0;
  let notify: () => void = () => {};
  let resolveClosed!: () => void;
  const closed = new Promise<void>((r) => (resolveClosed = r));
  const socket = await Bun.connect({
    hostname: "127.0.0.1",
    port,
    socket: {
      binaryType: "uint8array",
      data(_s, chunk: Uint8Array) {
        let bytes = chunk;
        if (preface < PREFACE_LENGTH) {
          const skip = Math.min(PREFACE_LENGTH - preface, bytes.length);
          preface += skip;
          bytes = bytes.subarray(skip);
        }
        decoder.push(bytes);
        for (let f = decoder.next(); f !== undefined; f = decoder.next()) frames.push({ type: f.type, flags: f.flags, streamId: f.streamId, payload: f.payload.slice() });
        notify();
      },
      close() {
        resolveClosed();
        notify();
      },
    },
  });
  let isClosed = false;
  void closed.then(() => (isClosed = true));
  const waitUntil = async (match: (frame: Frame) => boolean): Promise<Frame | undefined> => {
    for (;;) {
      const found = frames.find(match);
      if (found !== undefined) return found;
      if (isClosed) return undefined;
      await new Promise<void>((r) => (notify = r));
    }
  };
  return {
    socket,
    frames,
    closed,
    send(bytes) {
      socket.write(bytes);
    },
    handshake(overrides = {}) {
      const settings = encodeFrame({ type: FrameType.Settings, flags: 0, streamId: 0, payload: encodeSettings({ ...PROTOCOL_DEFAULTS, ...overrides }) });
      socket.write(new Uint8Array([...encodePreface(), ...settings]));
    },
    waitFor: (type) => waitUntil((f) => f.type === type),
    waitUntil,
  };
}
