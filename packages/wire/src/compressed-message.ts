/**
 * A compressed message on the wire (PROTOCOL.md §5.1) is `algorithm id (u8) · compressed bytes`,
 * flagged COMPRESSED on the frame that starts it. This is where a stream turns a message into one
 * (when it sends) and back (when its owner reads it), with the limits of both directions: the
 * peer's ACCEPT_COMPRESSION for what we send, our own accept list and MAX_MESSAGE_SIZE — on the
 * inflated size, while inflating — for what we receive.
 */
import { chooseCompression, compressionBit, compressionName, compressionNames } from "./compression.ts";
import { ErrorCode } from "./error-code.ts";
import type { SendQueue } from "./send-queue.ts";
import type { StreamHost } from "./stream-host.ts";
import { WireError } from "./wire-error.ts";

/** The algorithm byte before the compressed bytes. */
const ALGORITHM_PREFIX = 1;

/** The algorithm a stream preferring `preferred` sends with now (0: none), from what the peer accepts and our codec implements. */
function sendAlgorithm(host: StreamHost, preferred: number): number {
  const codec = host.codec;
  return codec === undefined ? 0 : chooseCompression(preferred, host.peer.acceptCompression & codec.algorithms);
}

/**
 * The largest message a stream preferring `preferred` packs into a BATCH (`WireStream.writeWith`):
 * packed messages go uncompressed, so while an algorithm is usable only those below the threshold
 * are packed; otherwise any message the peer takes.
 */
export function packLimit(host: StreamHost, preferred: number): number {
  const max = host.peer.maxMessageSize;
  return preferred === 0 || sendAlgorithm(host, preferred) === 0 ? max : Math.min(max, host.config.compressMinBytes - 1);
}

/** Queues `message` compressed when {@link compressMessage} says so; false (nothing queued) when it goes as it is. */
export function queueCompressed(host: StreamHost, queue: SendQueue, preferred: number, message: Uint8Array): boolean {
  const compressed = compressMessage(host, preferred, message);
  if (compressed === undefined) return false;
  queue.disown(message); // a view of the spare encode buffer, copied by the compressor
  queue.pushCompressed(compressed);
  return true;
}

/**
 * `message` as a compressed message for the peer, or `undefined` when it goes as it is: below the
 * threshold, no algorithm both sides have, no smaller once compressed (then the algorithm byte
 * would make it larger), or the codec failed (it is still sent, uncompressed).
 */
export function compressMessage(host: StreamHost, preferred: number, message: Uint8Array): Uint8Array | undefined {
  if (message.length < host.config.compressMinBytes) return undefined;
  const id = sendAlgorithm(host, preferred);
  if (id === 0) return undefined;
  let packed: Uint8Array;
  try {
    packed = host.codec!.compress(id, message);
  } catch {
    return undefined;
  }
  if (packed.length + ALGORITHM_PREFIX >= message.length) return undefined;
  const out = new Uint8Array(ALGORITHM_PREFIX + packed.length);
  out[0] = id;
  out.set(packed, ALGORITHM_PREFIX);
  return out;
}

/**
 * Inflates the compressed message `bytes[start, end)` as its owner reads it (queued messages stay
 * compressed: a stalled reader holds the window's worth of compressed bytes, not of inflated
 * ones). Stream errors: an algorithm we did not advertise is UNSUPPORTED_COMPRESSION; output past
 * our MAX_MESSAGE_SIZE is MESSAGE_TOO_LARGE, found while inflating; malformed bytes (or no
 * algorithm byte) are PROTOCOL_ERROR.
 */
export function inflateMessage(host: StreamHost, bytes: Uint8Array, start: number, end: number): Uint8Array {
  if (start === end) throw new WireError(ErrorCode.ProtocolError, "compressed message without its algorithm byte", { scope: "stream" });
  const id = bytes[start]!;
  const name = compressionName(id);
  const accepted = host.config.acceptCompression;
  const codec = host.codec;
  if ((accepted & compressionBit(id)) === 0 || codec === undefined) {
    throw new WireError(ErrorCode.UnsupportedCompression, `message compressed with ${name}, which this endpoint does not accept (it accepts: ${compressionNames(accepted)})`, { scope: "stream" });
  }
  const max = host.config.maxMessageSize;
  let inflated: Uint8Array | undefined;
  try {
    inflated = codec.decompress(id, bytes.subarray(start + ALGORITHM_PREFIX, end), max);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new WireError(ErrorCode.ProtocolError, `${name} message does not inflate: ${why}`, { scope: "stream", cause: error });
  }
  if (inflated === undefined) throw new WireError(ErrorCode.MessageTooLarge, `${name} message inflates past the limit of ${max} bytes`, { scope: "stream" });
  return inflated;
}
