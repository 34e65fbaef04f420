import type { ByteChannel } from "../src/byte-channel.ts";
import type { WireStream } from "../src/stream.ts";

export const utf8 = new TextEncoder();
export const text = new TextDecoder();

/** Server handler that echoes every message and then ends with the request's header block as trailers. */
export function echoHandler(stream: WireStream): void {
  void (async () => {
    const headers = await stream.headers();
    stream.respond(headers);
    for await (const message of stream) await stream.send(message);
    stream.end(utf8.encode("done"));
  })().catch(() => {});
}

/** Collects every message of a stream. */
export async function collect(stream: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const m of stream) out.push(m);
  return out;
}

/** Deterministic bytes of a given length and seed. */
export function pattern(length: number, seed = 1): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** A seeded PRNG for reproducible fault injection. */
export function seeded(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x100000000;
  };
}

/** A byte channel that records what it is given, taking at most `accept` bytes per write (a socket under pressure). */
export function recordingChannel(accept = Infinity): ByteChannel & { written: number[]; accept: number } {
  const channel = {
    written: [] as number[],
    accept,
    write(bytes: Uint8Array): number {
      const n = Math.min(bytes.length, channel.accept);
      channel.written.push(...bytes.subarray(0, n));
      return n;
    },
    close(): void {},
  };
  return channel;
}

/** An encoder of byte arrays as they are, appending to a sink as generated codecs do (growing it when full). */
export const bytesEncoder = {
  encodeAppend(message: Uint8Array, sink: { bytes: Uint8Array; length: number }): void {
    if (sink.length + message.length > sink.bytes.length) {
      const grown = new Uint8Array(Math.max(sink.length + message.length, sink.bytes.length * 2));
      grown.set(sink.bytes.subarray(0, sink.length));
      sink.bytes = grown;
    }
    sink.bytes.set(message, sink.length);
    sink.length += message.length;
  },
};
