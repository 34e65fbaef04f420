import type { CompressionCodec } from "../compression.ts";
import { messageCompression } from "../message-compression.ts";
import type { WireConfigInput } from "../config.ts";
import { FrameType, PREFACE_LENGTH, PROTOCOL_DEFAULTS } from "../constants.ts";
import { encodeFrame, type Frame } from "../frame.ts";
import { FrameDecoder } from "../frame-decoder.ts";
import { encodePreface } from "../preface.ts";
import { Session } from "../session.ts";
import { encodeSettings, type SettingsInit } from "../settings.ts";
import type { WireStream } from "../stream.ts";
import type { Role } from "../stream-table.ts";
import { createMemoryChannelPair, type MemoryChannel, type MemoryChannelOptions } from "./memory-channel.ts";

/**
 * A hand-driven Strand peer, for sending what a real session never would (malformed, abusive or
 * out-of-order frames) and reading every frame the other side answers with. Its transport is
 * whatever `write` reaches: the in-memory channel ({@link createRawPeerPair}) or a real socket.
 */
export interface RawPeer {
  /** Frames received so far (after the other side's preface), copied out. */
  readonly frames: Frame[];
  /** Resolves when the connection closes. */
  readonly closed: Promise<void>;
  /** Writes raw bytes. */
  send(bytes: Uint8Array): void;
  /** Sends the preface and a SETTINGS frame (protocol defaults, overridden by `settings`), as a well-behaved peer would. */
  handshake(settings?: Partial<SettingsInit>): void;
  /** Resolves with the first frame of `type`, or undefined if the connection closed first. */
  waitFor(type: FrameType): Promise<Frame | undefined>;
  /** Resolves with the first received frame `match` accepts, or undefined if the connection closed first. */
  waitUntil(match: (frame: Frame) => boolean): Promise<Frame | undefined>;
}

/** What a transport feeds into a raw peer: bytes it received, and the close. */
export interface RawPeerInput {
  receive(chunk: Uint8Array): void;
  closedNow(): void;
}

/** One encoded frame, for hand-written byte sequences. */
export function rawFrame(type: number, flags: number, streamId: number, payload: Uint8Array = new Uint8Array(0)): Uint8Array {
  return encodeFrame({ type: type as FrameType, flags, streamId, payload });
}

/** The transport-independent raw peer: `write` sends bytes; feed what arrives to the returned input. */
export function createRawPeer(write: (bytes: Uint8Array) => void): RawPeer & RawPeerInput {
  const frames: Frame[] = [];
  const decoder = new FrameDecoder(16 * 1024 * 1024 - 1);
  let prefaceLeft = PREFACE_LENGTH;
  let isClosed = false;
  let notify: () => void = () => {};
  let resolveClosed!: () => void;
  const closed = new Promise<void>((r) => (resolveClosed = r));
  const waitUntil = async (match: (frame: Frame) => boolean): Promise<Frame | undefined> => {
    for (;;) {
      const found = frames.find(match);
      if (found !== undefined) return found;
      if (isClosed) return undefined;
      await new Promise<void>((r) => (notify = r));
    }
  };
  return {
    frames,
    closed,
    send: write,
    handshake(overrides = {}) {
      const settings = encodeFrame({ type: FrameType.Settings, flags: 0, streamId: 0, payload: encodeSettings({ ...PROTOCOL_DEFAULTS, ...overrides }) });
      write(new Uint8Array([...encodePreface(), ...settings]));
    },
    waitFor: (type) => waitUntil((f) => f.type === type),
    waitUntil,
    receive(chunk) {
      const skip = Math.min(prefaceLeft, chunk.length);
      prefaceLeft -= skip;
      decoder.push(chunk.subarray(skip));
      for (let f = decoder.next(); f !== undefined; f = decoder.next()) frames.push({ type: f.type, flags: f.flags, streamId: f.streamId, payload: f.payload.slice() });
      notify();
    },
    closedNow() {
      isClosed = true;
      resolveClosed();
      notify();
    },
  };
}

/** Options of {@link createRawPeerPair}. */
export interface RawPeerPairOptions {
  /** The real session's role; the raw peer plays the other one. Default `"server"`. */
  readonly role?: Role;
  readonly config?: WireConfigInput;
  /** The real session's handler of streams the raw peer opens. */
  readonly onStream?: (stream: WireStream) => void;
  readonly channel?: MemoryChannelOptions;
  /** The real session's clock (`SessionOptions.now`). */
  readonly now?: () => number;
  /** The real session's compression codec (`SessionOptions.codec`, wrapped by `messageCompression`). */
  readonly codec?: CompressionCodec;
}

/** A real {@link Session} and a raw peer facing it over the in-memory channel: protocol edge cases without sockets. */
export function createRawPeerPair(options: RawPeerPairOptions = {}): { peer: RawPeer; session: Session; channel: MemoryChannel } {
  const [sessionEnd, peerEnd] = createMemoryChannelPair(options.channel);
  const session = new Session(sessionEnd, { role: options.role ?? "server", config: options.config, onStream: options.onStream, codec: options.codec === undefined ? undefined : messageCompression(options.codec), ...(options.now === undefined ? {} : { now: options.now }) });
  sessionEnd.attach(session);
  // What the channel did not take yet goes out, in order, when it drains: a flood loses nothing.
  const backlog: Uint8Array[] = [];
  const pump = (): void => {
    while (backlog.length > 0) {
      const bytes = backlog[0]!;
      const n = peerEnd.write(bytes);
      if (n < 0) return void (backlog.length = 0);
      if (n < bytes.length) return void (backlog[0] = bytes.subarray(n));
      backlog.shift();
    }
  };
  const peer = createRawPeer((bytes) => {
    backlog.push(bytes);
    if (backlog.length === 1) pump();
  });
  peerEnd.attach({ receive: (chunk) => peer.receive(chunk), drain: pump, channelClosed: () => peer.closedNow() });
  return { peer, session, channel: peerEnd };
}
