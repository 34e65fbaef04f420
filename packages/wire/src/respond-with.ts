/**
 * A whole response — headers, one message, trailers — whose message an encoder writes straight
 * into its frame in the session's stage (response-stage.ts): a unary answer then costs no array of
 * its own, no queue entry and no second copy. Functions beside the stream rather than methods of
 * it: only servers answer, and browser clients, which bundle the stream, do not bundle these.
 */
import { ARRIVED_ALONE } from "./framing-state.ts";
import type { MessageEncoder } from "./message-encoder.ts";
import { stageResponse } from "./response-stage.ts";
import type { WireStream } from "./stream.ts";
import { fitsHeaderBlock } from "./stream-limits.ts";
import { isClosed, Local, localSide } from "./stream-state.ts";

/**
 * `stream.respond(block, { message, trailers })` with the message `encoder` appends, laid out in
 * its frame at once. False, having encoded nothing, when it cannot be staged now (a peer without
 * WITH_TRAILERS, a write waiting for drain, a full stage) or `respond` would refuse the blocks or
 * compress the message: the caller then encodes and responds. An answer staging encoded but that
 * does not fit one frame or the credit left is queued as `respond` would; one over the peer's
 * limit is not, and false then too (`respond` refuses it the long way). Throws what the encoder
 * throws, having queued nothing.
 */
export function respondWith<T>(stream: WireStream, block: Uint8Array, encoder: MessageEncoder<T>, message: T, trailers: Uint8Array): boolean {
  const host = stream.host;
  const state = stream.state;
  if (stream.error !== undefined || localSide(state) !== Local.Idle || isClosed(state) || stream.compression !== 0) return false;
  if (!fitsHeaderBlock(host.peer, block) || !fitsHeaderBlock(host.peer, trailers)) return false;
  const staged = host.stageResponse(stageResponse, stream, block, encoder, message, trailers);
  if (typeof staged === "boolean") return staged;
  // Encoded but too big for one frame or the credit left: queued as `respond` queues it (a rare path).
  if (staged.length > host.peer.maxMessageSize) return false;
  stream.respond(block, { message: staged, trailers });
  return true;
}

/**
 * Whether a peer stream arrived alone: no other stream was open on its session and nothing more
 * was waiting in the read that carried its first frame. An answer made before that read's
 * callback returns then has nothing to share its write with, and may go out at once rather than
 * with the other answers of its turn (one call in flight: a microtask and the rest of the read
 * sooner).
 */
export function arrivedAlone(stream: WireStream): boolean {
  return (stream.marks & ARRIVED_ALONE) !== 0;
}
