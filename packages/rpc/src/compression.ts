import { Code } from "./code.ts";
import { RpcError } from "./rpc-error.ts";

/**
 * Per-message compression, as call semantics see it: which algorithm a side sends with. The
 * transport does the work and the negotiation (the Strand wire advertises what each side accepts,
 * so a peer that accepts nothing never gets a compressed message); this layer only names the
 * choice, so that call options, handler contexts and server and channel options agree on it.
 */

/** An algorithm both Strand transports on Bun implement (node:zlib). */
export type CompressionAlgorithm = "zstd" | "gzip";

/**
 * What a side compresses its messages with: an algorithm — used when the peer accepts it, else the
 * other one the peer accepts — or `"none"`. Only messages of at least the transport's threshold
 * (`compressMinBytes`, default 1 KiB) are compressed, and only if that makes them smaller.
 */
export type Compression = CompressionAlgorithm | "none";

/** Every algorithm, best first: what a side accepts by default. */
export const COMPRESSION_ALGORITHMS: readonly CompressionAlgorithm[] = /* @__PURE__ */ Object.freeze(["zstd", "gzip"]);

/** Whether `value` names an algorithm. */
export function isCompressionAlgorithm(value: unknown): value is CompressionAlgorithm {
  return value === "zstd" || value === "gzip";
}

/** Throws `InvalidArgument` unless `value` is a {@link Compression}; `what` names the option in the message. */
export function verifyCompression(what: string, value: unknown): Compression {
  if (value === "none" || isCompressionAlgorithm(value)) return value;
  throw new RpcError(Code.InvalidArgument, `${what} must be "zstd", "gzip" or "none", got ${JSON.stringify(value)}`);
}
