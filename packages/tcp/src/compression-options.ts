import { COMPRESSION_ALGORITHMS, isCompressionAlgorithm, type Compression, type CompressionAlgorithm, type OpenCall } from "@strand/rpc/client";
import { compressionBit, CompressionId, type HeadersOptions, type WireConfigInput } from "@strand/wire";

/**
 * The compression options of servers and channels, and their translation into the wire's terms
 * (algorithm ids and ACCEPT_COMPRESSION bits). No node:zlib here: the browser's channel shares
 * this file's call path (the codec is `zlib-codec.ts`).
 */
export interface CompressionOptions {
  /**
   * What this side compresses the messages it sends with: `"zstd"` or `"gzip"` — used when the
   * peer accepts it, else the other one the peer accepts — or `"none"`. Per call it is overridden
   * by the call option `compression` (clients) or `ctx.setCompression` (handlers). Default `"none"`.
   */
  readonly compression?: Compression;
  /**
   * The algorithms this side inflates, advertised to the peer (which never sends another); `[]`
   * refuses compressed messages altogether (they fail their call with `Unimplemented`). Inflated
   * messages obey the receive limit while they inflate. Default `["zstd", "gzip"]`.
   */
  readonly acceptCompression?: readonly CompressionAlgorithm[];
  /** Messages smaller than this are sent uncompressed, as are those compression does not shrink. Bytes; 1,024. */
  readonly compressMinBytes?: number;
}

/** The defaults of {@link CompressionOptions}: accept both algorithms (as gRPC and Connect accept gzip), send uncompressed. */
export const defaultCompressionOptions: Required<CompressionOptions> = /* @__PURE__ */ Object.freeze({ compression: "none", acceptCompression: COMPRESSION_ALGORITHMS, compressMinBytes: 1024 });

/** The wire id of `compression` (0 for `"none"`). */
export function compressionId(compression: Compression): number {
  return compression === "zstd" ? CompressionId.Zstd : compression === "gzip" ? CompressionId.Gzip : 0;
}

/**
 * Verifies the options (a `RangeError` naming the option, at construction) and returns the wire
 * config fields they set — to be spread before the user's own `wire` options, which win.
 */
export function compressionConfig(options: CompressionOptions, where: string): Pick<WireConfigInput, "acceptCompression" | "sendCompression" | "compressMinBytes"> {
  const defaults = defaultCompressionOptions;
  const { compression = defaults.compression, acceptCompression = defaults.acceptCompression, compressMinBytes = defaults.compressMinBytes } = options;
  if (compression !== "none" && !isCompressionAlgorithm(compression)) {
    throw new RangeError(`${where}: compression must be "zstd", "gzip" or "none", got ${JSON.stringify(compression)}`);
  }
  if (!Array.isArray(acceptCompression) || !acceptCompression.every(isCompressionAlgorithm)) {
    throw new RangeError(`${where}: acceptCompression must be a list of "zstd" and "gzip", got ${JSON.stringify(acceptCompression)}`);
  }
  if (!Number.isSafeInteger(compressMinBytes) || compressMinBytes < 0 || compressMinBytes > 2 ** 32 - 1) {
    throw new RangeError(`${where}: compressMinBytes must be an integer number of bytes ≥ 0, got ${String(compressMinBytes)}`);
  }
  let accept = 0;
  for (const name of acceptCompression) accept |= compressionBit(compressionId(name));
  return { acceptCompression: accept, sendCompression: compressionId(compression), compressMinBytes };
}

/** The one options object {@link openOptions} fills: `openStream` reads it before it returns and keeps none of it. */
const opening: { message: Uint8Array | undefined; end: boolean; compression: number | undefined } = { message: undefined, end: false, compression: undefined };

/**
 * The first HEADERS of a client call: its first message and end, and the call's `compression` if
 * it set one (else the channel's). The result is valid until the next call (no object per call):
 * pass it straight to `openStream`, then {@link openedWith}.
 */
export function openOptions(open: OpenCall): HeadersOptions {
  opening.message = open.message;
  opening.end = open.end;
  opening.compression = open.compression === undefined ? undefined : compressionId(open.compression);
  return opening;
}

/** `openStream` took the options: the shared object lets go of the message. */
export function openedWith(): void {
  opening.message = undefined;
}
