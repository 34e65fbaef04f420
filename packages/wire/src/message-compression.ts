/**
 * The codec half of compressed messages (PROTOCOL.md §5.1): compressing what a stream sends and
 * inflating what its owner reads, with the limits of both directions. A session reaches this
 * module only through the codec its transport passes in (`SessionOptions.codec`), so a session
 * without one — a browser's — never bundles it; the checks every session needs on receipt stay in
 * `compressed-message.ts`.
 */
import { chooseCompression, compressionName, type CompressionCodec, type MessageCompression } from "./compression.ts";
import { ErrorCode } from "./error-code.ts";
import type { StreamHost } from "./stream-host.ts";
import { WireError } from "./wire-error.ts";

/** The algorithm byte before the compressed bytes. */
const ALGORITHM_PREFIX = 1;

/**
 * `codec` as a session takes it (`SessionOptions.codec`): wrapped in the framing of compressed
 * messages ({@link MessageCompression}), kept apart from `Session` so that a session without a
 * codec carries none of it.
 */
export function messageCompression(codec: CompressionCodec): MessageCompression {
  /** The algorithm a stream preferring `preferred` sends with now (0: none), from what the peer accepts and our codec implements. */
  const sendAlgorithm = (host: StreamHost, preferred: number): number => chooseCompression(preferred, host.peer.acceptCompression & codec.algorithms);
  const compress = (host: StreamHost, preferred: number, message: Uint8Array): Uint8Array | undefined => {
    // Below the threshold, no algorithm both sides have, no smaller once compressed (then the
    // algorithm byte would make it larger), or the codec failed: it goes uncompressed.
    if (message.length < host.config.compressMinBytes) return undefined;
    const id = sendAlgorithm(host, preferred);
    if (id === 0) return undefined;
    let packed: Uint8Array;
    try {
      packed = codec.compress(id, message);
    } catch {
      return undefined;
    }
    if (packed.length + ALGORITHM_PREFIX >= message.length) return undefined;
    const out = new Uint8Array(ALGORITHM_PREFIX + packed.length);
    out[0] = id;
    out.set(packed, ALGORITHM_PREFIX);
    return out;
  };
  const framing: MessageCompression = {
    algorithms: codec.algorithms,
    packLimit(host, preferred) {
      // Packed messages go uncompressed: while an algorithm is usable only those below the threshold are packed.
      const max = host.peer.maxMessageSize;
      return preferred === 0 || sendAlgorithm(host, preferred) === 0 ? max : Math.min(max, host.config.compressMinBytes - 1);
    },
    compress,
    queue(host, queue, preferred, message) {
      const compressed = compress(host, preferred, message);
      if (compressed === undefined) return false;
      queue.disown(message); // a view of the spare encode buffer, copied by the compressor
      queue.pushCompressed(compressed);
      return true;
    },
    inflate(host, id, bytes, start, end) {
      const name = compressionName(id);
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
    },
  };
  return Object.freeze(framing);
}
