import { allocForOverwrite } from "./alloc.ts";
import { Flag } from "./constants.ts";
import { ErrorCode } from "./error-code.ts";
import { readU32 } from "./frame.ts";
import { WireError } from "./wire-error.ts";

/**
 * Reassembles messages from DATA frames (PROTOCOL.md §5).
 *
 * A message in one frame carries END_MESSAGE and is returned as the frame's payload view (no copy).
 * A longer message starts with a MESSAGE_START frame whose first four bytes declare its total
 * length: that length is checked against the limit *before* anything is buffered. Fragments are
 * kept as the views they arrived as and copied once, into a buffer of the exact size, when the
 * last one arrives: memory follows what the peer sent, never what it declared (a peer declaring
 * 4 MiB messages on a hundred streams and sending nothing more must not make us allocate 400 MiB
 * for a few hundred bytes), and every byte is still copied once.
 */
export class MessageAssembler {
  /** The fragments of the message in progress (undefined when none is). */
  private parts: Uint8Array[] | undefined;
  private filled = 0;
  /** The declared length of the message in progress. */
  private total = 0;

  constructor(private readonly maxMessageSize: number) {}

  /** Whether a fragmented message is in progress. */
  get busy(): boolean {
    return this.parts !== undefined;
  }

  /** Bytes of the message in progress received so far. */
  get buffered(): number {
    return this.filled;
  }

  /** Feeds one DATA frame; returns a completed message, if this frame completed one. */
  push(flags: number, payload: Uint8Array): Uint8Array | undefined {
    const start = (flags & Flag.MessageStart) !== 0;
    const end = (flags & Flag.EndMessage) !== 0;
    if (this.parts === undefined) {
      if (start) return this.begin(payload, end);
      if (end) {
        checkMessageSize(payload.length, this.maxMessageSize);
        return payload;
      }
      if (payload.length > 0) throw protocol("DATA payload outside a message (neither MESSAGE_START nor END_MESSAGE)");
      return undefined;
    }
    if (start) throw protocol("MESSAGE_START while another message is in progress");
    return this.append(payload, end);
  }

  private begin(payload: Uint8Array, end: boolean): Uint8Array | undefined {
    if (payload.length < 4) throw protocol("MESSAGE_START frame shorter than its 4-byte length prefix");
    const total = readU32(payload, 0);
    checkMessageSize(total, this.maxMessageSize);
    this.total = total;
    this.parts = [];
    this.filled = 0;
    return this.append(payload.subarray(4), end);
  }

  private append(fragment: Uint8Array, end: boolean): Uint8Array | undefined {
    const filled = this.filled + fragment.length;
    if (filled > this.total) throw protocol("message fragments exceed the declared length");
    const parts = this.parts!;
    if (fragment.length > 0) parts.push(fragment);
    this.filled = filled;
    if (!end) return undefined;
    if (filled !== this.total) throw protocol(`message ended after ${filled} of ${this.total} declared bytes`);
    this.parts = undefined;
    if (parts.length === 1) return parts[0]!; // the whole message came in one frame after all
    const message = allocForOverwrite(filled); // every byte is written below
    let at = 0;
    for (const part of parts) {
      message.set(part, at);
      at += part.length;
    }
    return message;
  }
}

/** Throws MESSAGE_TOO_LARGE (a stream error) when `length` exceeds `limit`. */
export function checkMessageSize(length: number, limit: number): void {
  if (length > limit) throw new WireError(ErrorCode.MessageTooLarge, `message of ${length} bytes exceeds the limit of ${limit}`, { scope: "stream" });
}

function protocol(message: string): WireError {
  return new WireError(ErrorCode.ProtocolError, message, { scope: "stream" });
}
