/**
 * Per-message compression (PROTOCOL.md §5.1), the part that needs no algorithm: the codec a
 * transport plugs in, the ACCEPT_COMPRESSION bits, and which algorithm a sender picks. The wire
 * implements no algorithm itself — it runs in browsers, where node:zlib does not exist — so a
 * session without a codec neither advertises nor sends compression.
 */
import type { WireConfig } from "./config.ts";
import { CompressionId } from "./constants.ts";
import type { SendQueue } from "./send-queue.ts";
import type { StreamHost } from "./stream-host.ts";

/**
 * Compresses and inflates messages for a session (`SessionOptions.codec`, wrapped by
 * `messageCompression`); `@strand/tcp`'s uses node:zlib's gzip and zstd. Both directions are synchronous: a message is compressed when it is
 * queued and inflated when its owner reads it.
 */
export interface CompressionCodec {
  /** The algorithms it implements, as ACCEPT_COMPRESSION bits (see {@link compressionBit}). */
  readonly algorithms: number;
  /** `message` compressed with algorithm `id` (one of {@link algorithms}). */
  compress(id: CompressionId, message: Uint8Array): Uint8Array;
  /**
   * `compressed` inflated with algorithm `id`, or `undefined` once the output would exceed
   * `maxBytes` — checked while inflating, so a small bomb is refused before it is inflated, not
   * after. Throws on malformed input.
   */
  decompress(id: CompressionId, compressed: Uint8Array, maxBytes: number): Uint8Array | undefined;
}

/**
 * A {@link CompressionCodec} with the framing of compressed messages around it: what
 * `SessionOptions.codec` takes, made by `messageCompression(codec)` (message-compression.ts).
 * Streams reach it only through `compressed-message.ts`, so a session without a codec never
 * references the framing: browsers' sessions do not bundle it.
 */
export interface MessageCompression {
  /** The codec's algorithms, as ACCEPT_COMPRESSION bits. */
  readonly algorithms: number;
  /** The largest message a stream preferring `preferred` packs into a BATCH (see `packLimit` in compressed-message.ts). */
  packLimit(host: StreamHost, preferred: number): number;
  /** `message` as a compressed message for the peer, or `undefined` when it goes as it is. */
  compress(host: StreamHost, preferred: number, message: Uint8Array): Uint8Array | undefined;
  /** Queues `message` compressed when {@link compress} says so; false (nothing queued) when it goes as it is. */
  queue(host: StreamHost, queue: SendQueue, preferred: number, message: Uint8Array): boolean;
  /**
   * Inflates the compressed message `bytes[start, end)` whose algorithm byte `id` the receive
   * checks accepted. Stream errors: output past our MAX_MESSAGE_SIZE is MESSAGE_TOO_LARGE, found
   * while inflating; malformed bytes are PROTOCOL_ERROR.
   */
  inflate(host: StreamHost, id: number, bytes: Uint8Array, start: number, end: number): Uint8Array;
}

/** The ACCEPT_COMPRESSION bit of algorithm `id`; 0 for an id no bit can name (a shift by 32 or more would wrap). */
export function compressionBit(id: number): number {
  return id >= 1 && id <= 31 ? 1 << (id - 1) : 0;
}

/** The algorithm's name for messages and logs: `"gzip"`, `"zstd"`, `"none"` for 0, or `"algorithm 7"` for ids this version does not define. */
export function compressionName(id: number): string {
  return id === CompressionId.Gzip ? "gzip" : id === CompressionId.Zstd ? "zstd" : id === 0 ? "none" : `algorithm ${id}`;
}

/** The names of the algorithms in an ACCEPT_COMPRESSION mask, for messages: `"zstd, gzip"`, or `"none"`. */
export function compressionNames(mask: number): string {
  const names: string[] = [];
  if ((mask & compressionBit(CompressionId.Zstd)) !== 0) names.push("zstd");
  if ((mask & compressionBit(CompressionId.Gzip)) !== 0) names.push("gzip");
  return names.length === 0 ? "none" : names.join(", ");
}

/**
 * The algorithm a sender compresses with: `preferred` when `usable` (what the peer accepts and our
 * codec implements) has it, else the best one it has — zstd (faster, and smaller output), then
 * gzip — else 0: the message goes uncompressed. `preferred` 0 means compression is off.
 */
export function chooseCompression(preferred: number, usable: number): number {
  if (preferred === 0 || usable === 0) return 0;
  if ((usable & compressionBit(preferred)) !== 0) return preferred;
  if ((usable & compressionBit(CompressionId.Zstd)) !== 0) return CompressionId.Zstd;
  if ((usable & compressionBit(CompressionId.Gzip)) !== 0) return CompressionId.Gzip;
  return 0;
}

/**
 * The session's codec, checked against its config: accepting or sending compression without a
 * codec, or accepting an algorithm the codec lacks, is a `RangeError` at construction — not the
 * peer's messages failing later.
 */
export function verifyCodec(config: WireConfig, codec: MessageCompression | undefined): MessageCompression | undefined {
  const accept = config.acceptCompression;
  if (codec === undefined ? accept !== 0 || config.sendCompression !== 0 : (codec.algorithms & accept) !== accept) {
    throw new RangeError(`wire config: acceptCompression ${compressionNames(accept)} and sendCompression ${compressionName(config.sendCompression)} need a codec implementing them (SessionOptions.codec)`);
  }
  return codec;
}
