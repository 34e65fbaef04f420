import { Flag } from "./constants.ts";
/**
 * The payload layouts that put messages beside other bytes in one frame, in one place: a HEADERS
 * frame with WITH_MESSAGE (PROTOCOL.md §4.2: `u32 block length · block · message`, and with
 * WITH_TRAILERS `u32 · block · u32 · trailers · message`) and a BATCH DATA frame (§4.1:
 * `(u32 length · message bytes)+`). The session and streams parse with these, the send queue packs
 * and the framer writes with them. Pure functions over byte ranges: no views or objects are made
 * on the hot path.
 */
import { ErrorCode } from "./error-code.ts";
import { readU32, writeU32 } from "./frame.ts";
import { WireError } from "./wire-error.ts";

/** The u32 before a header block (HEADERS with WITH_MESSAGE) or a batched message. Bytes. */
export const LENGTH_PREFIX = 4;

/** Payload size of a HEADERS frame carrying `blockLength` bytes of header block and a `messageLength`-byte message. */
export function headersWithMessageSize(blockLength: number, messageLength: number): number {
  return LENGTH_PREFIX + blockLength + messageLength;
}

/** Writes a HEADERS-with-message payload at `at` (the caller reserved {@link headersWithMessageSize}). */
export function writeHeadersWithMessage(out: Uint8Array, at: number, block: Uint8Array, message: Uint8Array): void {
  writeU32(out, at, block.length);
  out.set(block, at + LENGTH_PREFIX);
  out.set(message, at + LENGTH_PREFIX + block.length);
}

/**
 * Payload size of a HEADERS frame with WITH_MESSAGE and WITH_TRAILERS: `u32 · block ·` and then,
 * laid out as a HEADERS-with-message payload of its own, `u32 · trailers · message`.
 */
export function headersWithTrailersSize(blockLength: number, trailersLength: number, messageLength: number): number {
  return LENGTH_PREFIX + blockLength + headersWithMessageSize(trailersLength, messageLength);
}

/** Writes a HEADERS payload with WITH_MESSAGE and WITH_TRAILERS at `at` (the caller reserved {@link headersWithTrailersSize}). */
export function writeHeadersWithTrailers(out: Uint8Array, at: number, block: Uint8Array, trailers: Uint8Array, message: Uint8Array): void {
  out.set(message, writeWholeResponseHead(out, at, block, trailers));
}

/** Writes a WITH_TRAILERS payload's block and trailers at `at`; returns where its message goes (an encoder may write it there). */
export function writeWholeResponseHead(out: Uint8Array, at: number, block: Uint8Array, trailers: Uint8Array): number {
  writeU32(out, at, block.length);
  out.set(block, at + LENGTH_PREFIX);
  const trailersAt = at + LENGTH_PREFIX + block.length;
  writeU32(out, trailersAt, trailers.length);
  out.set(trailers, trailersAt + LENGTH_PREFIX);
  return trailersAt + LENGTH_PREFIX + trailers.length;
}

/**
 * The header block's length in a HEADERS-with-message payload `source[start, start + total)`; the
 * block follows the prefix and the message fills the rest. A length running past the frame is a
 * PROTOCOL_ERROR (connection: the frame cannot be parsed).
 */
export function headersBlockLength(source: Uint8Array, start: number, total: number, what = "header-block"): number {
  const length = total >= LENGTH_PREFIX ? readU32(source, start) : -1;
  if (length < 0 || length > total - LENGTH_PREFIX) throw new WireError(ErrorCode.ProtocolError, `HEADERS ${what} length exceeds the frame`);
  return length;
}

/** Writes a batched message's length prefix at `at`. */
export function writeBatchLength(out: Uint8Array, at: number, length: number): void {
  writeU32(out, at, length);
}

/** Writes one batched message (prefix and bytes) at `at`; returns where the next one starts. */
export function writeBatchEntry(out: Uint8Array, at: number, message: Uint8Array): number {
  writeU32(out, at, message.length);
  if (message.length > 0) out.set(message, at + LENGTH_PREFIX);
  return at + LENGTH_PREFIX + message.length;
}

/** Where the batched message whose prefix is at `at` ends (well-formed bytes we packed ourselves). */
export function batchEntryEnd(bytes: Uint8Array, at: number): number {
  return at + LENGTH_PREFIX + readU32(bytes, at);
}

/**
 * How many messages a received DATA frame completes, for flow control (each costs MESSAGE_CREDIT):
 * one for END_MESSAGE, each well-formed entry of a BATCH (a malformed one fails the stream later,
 * when it is read in order), none otherwise.
 */
export function messagesIn(flags: number, source: Uint8Array, start: number, end: number): number {
  if ((flags & Flag.Batch) === 0) return (flags & Flag.EndMessage) === 0 ? 0 : 1;
  let count = 0;
  for (let pos = start; end - pos >= LENGTH_PREFIX; count++) {
    const next = pos + LENGTH_PREFIX + readU32(source, pos);
    if (next > end) break;
    pos = next;
  }
  return count;
}

/**
 * The length of the received batched message whose prefix is at `pos` of a BATCH payload ending
 * at `size`; one running past the frame is a PROTOCOL_ERROR of the stream.
 */
export function readBatchLength(payload: Uint8Array, pos: number, size: number): number {
  const length = size - pos >= LENGTH_PREFIX ? readU32(payload, pos) : -1;
  if (length < 0 || length > size - pos - LENGTH_PREFIX) {
    throw new WireError(ErrorCode.ProtocolError, "BATCH message length runs past the frame", { scope: "stream" });
  }
  return length;
}
