/**
 * A whole response — headers, one message, trailers — whose message an encoder appends to a shared
 * slab (message-slab.ts), so a small unary answer costs no array of its own. A function beside
 * the stream rather than a method of it: only servers answer, and browser clients, which bundle
 * the stream, do not bundle the slab.
 */
import type { MessageEncoder } from "./message-encoder.ts";
import { encodeInSlab, slabRange } from "./message-slab.ts";
import type { WireStream } from "./stream.ts";

/**
 * `stream.respond(block, { message, trailers })` with the message `encoder` appends to a slab.
 * False, having encoded nothing, when `respond` would refuse the blocks or compress the message;
 * false too for a message over the peer's limit (encoded, not queued), which `respond` then
 * refuses the long way. Throws what the encoder throws, having queued nothing.
 */
export function respondWith<T>(stream: WireStream, block: Uint8Array, encoder: MessageEncoder<T>, message: T, trailers: Uint8Array): boolean {
  if (!stream.takesWholeResponse(block, trailers)) return false;
  const bytes = encodeInSlab(encoder, message);
  return stream.queueWholeResponse(block, bytes, slabRange.start, slabRange.end, trailers);
}
