// The default export, not named imports: a browser bundle of the facade substitutes a polyfill for
// node:zlib that has none of these functions (browsers never call this codec), and named imports
// of them would fail (or warn about) that bundle.
import zlib from "node:zlib";
import { ALL_COMPRESSION, CompressionId, messageCompression, type MessageCompression } from "@strand/wire";

/**
 * gzip and zstd through node:zlib: the codec of every TCP, TLS, unix-socket and server-side
 * WebSocket session (browsers' WebSocket channels have none, so they neither advertise nor send
 * compression).
 *
 * Inflating uses node:zlib's `maxOutputLength`, which stops the inflater as soon as its output
 * would pass the limit, so a 100 KiB bomb claiming 100 MiB costs a buffer of the limit at most.
 * Not `Bun.gunzipSync`: it ignores `maxOutputLength` and inflates the whole bomb first. Levels
 * are the libraries' defaults (gzip 6, zstd 3), as in gRPC and Connect: 64 KiB of JSON-like text
 * takes about 0.5 ms with gzip and 0.2 ms with zstd here, to a tenth of its size.
 *
 * Wrapped by `messageCompression`, as sessions take codecs: the framing of compressed messages
 * comes with the codec, so the browser's channel (which has none) does not bundle it.
 */
export const zlibCodec: MessageCompression = messageCompression({
  algorithms: ALL_COMPRESSION,
  compress(id: CompressionId, message: Uint8Array): Uint8Array {
    return id === CompressionId.Zstd ? zlib.zstdCompressSync(message) : zlib.gzipSync(message);
  },
  decompress(id: CompressionId, compressed: Uint8Array, maxBytes: number): Uint8Array | undefined {
    // node:zlib wants a limit of at least 1: a limit of 0 inflates to at most 1 byte, checked below.
    const options = { maxOutputLength: Math.max(1, maxBytes) };
    let out: Uint8Array;
    try {
      out = id === CompressionId.Zstd ? zlib.zstdDecompressSync(compressed, options) : zlib.gunzipSync(compressed, options);
    } catch (error) {
      if (isTooLarge(error)) return undefined;
      throw error;
    }
    return out.length > maxBytes ? undefined : out;
  },
});

/** node:zlib's "output would exceed maxOutputLength" (`ERR_BUFFER_TOO_LARGE`, a RangeError). */
function isTooLarge(error: unknown): boolean {
  return error instanceof RangeError && (error as { code?: unknown }).code === "ERR_BUFFER_TOO_LARGE";
}
