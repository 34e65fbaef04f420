/**
 * Small whole responses encoded back to back into shared buffers that are only ever appended to
 * (`respondWith`, respond-with.ts): a unary answer then costs no array of its own. An array is an
 * object and its store (112 bytes for 64 bytes of message), and the encoded copy was one of the
 * two arrays a unary call still made on each side.
 *
 * Safety: bytes handed out are never written again (a full slab is left to the collector, not
 * reused), so a queued range stays valid however long it waits. What a waiting range pins is
 * bounded by the slab's size, {@link SLAB_BYTES}: a peer that stalls answers (a socket it does not
 * read) holds at most that much more per stalled stream than their own bytes, about what a stream
 * and its call cost anyway; one that withholds stream credit holds nothing more, as the framer
 * copies such an answer out of its slab (headers-framer.ts). Small, so that this stays so: a
 * slab is one array for about a dozen 64-byte answers.
 */
import type { MessageEncoder } from "./message-encoder.ts";
import { encodeInSpare, recycleEncodeBuffer } from "./outbound.ts";

/** Size of a slab. Bytes. */
export const SLAB_BYTES = 1024;
/** Less room than this left: the next message starts a new slab (a bigger one would grow a copy). */
const ROOM_MIN = 128;

/** Where {@link encodeInSlab} put its message: `[start, end)` of the buffer it returned. */
export const slabRange = { start: 0, end: 0 };

const sink = { bytes: new Uint8Array(SLAB_BYTES), length: 0 };
let slab = sink.bytes;
let used = 0;
/** The last message did not fit a slab: the next is encoded in the spare encode buffer, which has grown already. */
let largeNext = false;

/**
 * Appends the encoding of `message` to the current slab and returns the buffer that holds it, at
 * {@link slabRange}. A message larger than the room left comes back in a grown copy of its own
 * (the encoder's), and the next one starts a new slab. Throws what the encoder throws, having
 * handed out nothing.
 */
export function encodeInSlab<T>(encoder: MessageEncoder<T>, message: T): Uint8Array {
  if (largeNext) return encodeLarge(encoder, message);
  if (SLAB_BYTES - used < ROOM_MIN) {
    slab = new Uint8Array(SLAB_BYTES);
    used = 0;
  }
  sink.bytes = slab;
  sink.length = used;
  encoder.encodeAppend(message, sink);
  const bytes = sink.bytes;
  slabRange.start = used;
  slabRange.end = sink.length;
  if (bytes === slab) used = sink.length;
  else {
    // Grown: the copy is this message's alone, and the slab's room is not worth a second try.
    slab = new Uint8Array(SLAB_BYTES);
    used = 0;
    largeNext = slabRange.end - slabRange.start > SLAB_BYTES - ROOM_MIN;
  }
  sink.bytes = slab; // keeps no grown copy alive
  return bytes;
}

/**
 * A message after one too large for a slab: encoded in the process's spare encode buffer (grown
 * by earlier large messages, so a big message with many fields is not copied at every doubling
 * of a slab-sized start) and copied out exactly.
 */
function encodeLarge<T>(encoder: MessageEncoder<T>, message: T): Uint8Array {
  const spare = encodeInSpare(encoder, message);
  const exact = spare.bytes.slice(0, spare.length);
  recycleEncodeBuffer(spare.bytes);
  largeNext = exact.length > SLAB_BYTES - ROOM_MIN;
  slabRange.start = 0;
  slabRange.end = exact.length;
  return exact;
}
