import { method, service, type ServiceHandlers } from "strand";
import { RawBytes } from "./interop-messages.ts";

const NAME = "strand.test.Compression";

/** Raw-byte echo in the four call kinds, for the compression tests: payloads go on the wire as they are. */
export const CompressionService = service(NAME, {
  unary: method(NAME, "Unary", "unary", RawBytes, RawBytes),
  serverStream: method(NAME, "ServerStream", "server_streaming", RawBytes, RawBytes),
  clientStream: method(NAME, "ClientStream", "client_streaming", RawBytes, RawBytes),
  bidi: method(NAME, "Bidi", "bidi_streaming", RawBytes, RawBytes),
  /** The server process's memory after a full GC, as JSON: `{ rss, maxRss, heapUsed }` in bytes. */
  usage: method(NAME, "Usage", "unary", RawBytes, RawBytes),
});

/**
 * Echo handlers: unary and bidi answer each request with itself, server streaming three times,
 * client streaming with the last request. A request starting with `"gzip!"` or `"zstd!"` asks the
 * handler to `ctx.setCompression` that algorithm first.
 */
export function compressionHandlers(): ServiceHandlers<typeof CompressionService> {
  const pick = (req: Uint8Array, ctx: { setCompression(c: "gzip" | "zstd"): void }): Uint8Array => {
    const tag = new TextDecoder().decode(req.subarray(0, 5));
    if (tag === "gzip!" || tag === "zstd!") ctx.setCompression(tag === "gzip!" ? "gzip" : "zstd");
    return req;
  };
  return {
    unary: (req, ctx) => pick(req, ctx),
    async *serverStream(req, ctx) {
      pick(req, ctx);
      for (let i = 0; i < 3; i++) yield req;
    },
    async clientStream(reqs, ctx) {
      let last: Uint8Array = new Uint8Array(0);
      for await (const r of reqs) last = pick(r, ctx);
      return last;
    },
    async *bidi(reqs, ctx) {
      for await (const r of reqs) yield pick(r, ctx);
    },
    usage() {
      Bun.gc(true);
      const memory = process.memoryUsage();
      return new TextEncoder().encode(JSON.stringify({ rss: memory.rss, maxRss: process.resourceUsage().maxRSS * 1024, heapUsed: memory.heapUsed }));
    },
  };
}

/** JSON-like text of `size` bytes (records with ids, names, flags, numbers): compresses as real payloads do, not as zeros. */
export function textPayload(size: number, seed = 1): Uint8Array {
  const parts: string[] = [];
  let length = 0;
  for (let i = seed; length < size; i++) {
    const part = `{"id":${i},"name":"user-${(i * 7919) % 1000}","email":"user${i}@example.com","active":${i % 3 === 0},"score":${((i * 37) % 1000) / 10},"note":"order ${i % 17} shipped"},`;
    parts.push(part);
    length += part.length;
  }
  return new TextEncoder().encode(parts.join("")).subarray(0, size);
}
