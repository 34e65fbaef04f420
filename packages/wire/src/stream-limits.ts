import { ErrorCode } from "./error-code.ts";
import type { Settings } from "./settings.ts";
import { WireError } from "./wire-error.ts";

/**
 * What a sender checks against the peer's limits before queuing, so that a message or header
 * block the peer would refuse fails locally (a stream error) instead of costing the connection.
 */

/** A message over the peer's MAX_MESSAGE_SIZE is MESSAGE_TOO_LARGE. */
export function checkMessage(peer: Settings, message: Uint8Array): void {
  if (message.length > peer.maxMessageSize) {
    throw new WireError(ErrorCode.MessageTooLarge, `message of ${message.length} bytes exceeds the peer's limit of ${peer.maxMessageSize}`, { scope: "stream" });
  }
}

/** A header block over the peer's MAX_HEADER_BLOCK_SIZE (or one frame) is HEADERS_TOO_LARGE. */
export function checkHeaderBlock(peer: Settings, block: Uint8Array): void {
  if (!fitsHeaderBlock(peer, block)) {
    const limit = Math.min(peer.maxHeaderBlockSize, peer.maxFramePayload);
    throw new WireError(ErrorCode.HeadersTooLarge, `header block of ${block.length} bytes exceeds the peer's limit of ${limit}`, { scope: "stream" });
  }
}

/** Whether `block` is within the peer's MAX_HEADER_BLOCK_SIZE and one frame (see {@link checkHeaderBlock}). */
export function fitsHeaderBlock(peer: Settings, block: Uint8Array): boolean {
  return block.length <= peer.maxHeaderBlockSize && block.length <= peer.maxFramePayload;
}
