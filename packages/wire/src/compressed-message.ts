/**
 * A compressed message on the wire (PROTOCOL.md §5.1) is `algorithm id (u8) · compressed bytes`,
 * flagged COMPRESSED on the frame that starts it. Streams turn messages into such (when they send)
 * and back (when their owner reads them) through these functions, which hand the work to the
 * session's codec (`message-compression.ts`, reached only through `SessionOptions.codec`): a
 * session without one sends everything uncompressed, and refuses what arrives compressed here,
 * with the checks every session makes on receipt.
 */
import { compressionBit, compressionName, compressionNames } from "./compression.ts";
import { ErrorCode } from "./error-code.ts";
import type { SendQueue } from "./send-queue.ts";
import type { StreamHost } from "./stream-host.ts";
import { WireError } from "./wire-error.ts";

/**
 * The largest message a stream preferring `preferred` packs into a BATCH (`WireStream.writeWith`):
 * packed messages go uncompressed, so while an algorithm is usable only those below the threshold
 * are packed; otherwise (or without a codec) any message the peer takes.
 */
export function packLimit(host: StreamHost, preferred: number): number {
  const codec = host.codec;
  return codec === undefined ? host.peer.maxMessageSize : codec.packLimit(host, preferred);
}

/** Queues `message` compressed when {@link compressMessage} says so; false (nothing queued) when it goes as it is. */
export function queueCompressed(host: StreamHost, queue: SendQueue, preferred: number, message: Uint8Array): boolean {
  const codec = host.codec;
  return codec !== undefined && codec.queue(host, queue, preferred, message);
}

/**
 * `message` as a compressed message for the peer, or `undefined` when it goes as it is: no codec,
 * below the threshold, no algorithm both sides have, no smaller once compressed (then the
 * algorithm byte would make it larger), or the codec failed (it is still sent, uncompressed).
 */
export function compressMessage(host: StreamHost, preferred: number, message: Uint8Array): Uint8Array | undefined {
  const codec = host.codec;
  return codec === undefined ? undefined : codec.compress(host, preferred, message);
}

/**
 * Inflates the compressed message `bytes[start, end)` as its owner reads it (queued messages stay
 * compressed: a stalled reader holds the window's worth of compressed bytes, not of inflated
 * ones). Stream errors: an algorithm we did not advertise (any, without a codec) is
 * UNSUPPORTED_COMPRESSION; no algorithm byte is PROTOCOL_ERROR; the codec's own (malformed bytes,
 * output past our MAX_MESSAGE_SIZE) are in `MessageCompression.inflate`.
 */
export function inflateMessage(host: StreamHost, bytes: Uint8Array, start: number, end: number): Uint8Array {
  if (start === end) throw new WireError(ErrorCode.ProtocolError, "compressed message without its algorithm byte", { scope: "stream" });
  const id = bytes[start]!;
  const accepted = host.config.acceptCompression;
  const codec = host.codec;
  if ((accepted & compressionBit(id)) === 0 || codec === undefined) {
    throw new WireError(ErrorCode.UnsupportedCompression, `message compressed with ${compressionName(id)}, which this endpoint does not accept (it accepts: ${compressionNames(accepted)})`, { scope: "stream" });
  }
  return codec.inflate(host, id, bytes, start, end);
}
