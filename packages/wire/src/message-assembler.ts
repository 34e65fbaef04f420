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
 * length: that length is checked against the limit *before* anything is buffered, and the buffer
 * is allocated once at its exact size.
 */
export class MessageAssembler {
  private buffer: Uint8Array | undefined;
  private filled = 0;

  constructor(private readonly maxMessageSize: number) {}

  /** Whether a fragmented message is in progress. */
  get busy(): boolean {
    return this.buffer !== undefined;
  }

  /** Feeds one DATA frame; returns a completed message, if this frame completed one. */
  push(flags: number, payload: Uint8Array): Uint8Array | undefined {
    const start = (flags & Flag.MessageStart) !== 0;
    const end = (flags & Flag.EndMessage) !== 0;
    if (this.buffer === undefined) {
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
    this.buffer = allocForOverwrite(total); // returned only once every byte was filled
    this.filled = 0;
    return this.append(payload.subarray(4), end);
  }

  private append(fragment: Uint8Array, end: boolean): Uint8Array | undefined {
    const buffer = this.buffer!;
    if (this.filled + fragment.length > buffer.length) throw protocol("message fragments exceed the declared length");
    buffer.set(fragment, this.filled);
    this.filled += fragment.length;
    if (!end) return undefined;
    if (this.filled !== buffer.length) throw protocol(`message ended after ${this.filled} of ${buffer.length} declared bytes`);
    this.buffer = undefined;
    return buffer;
  }

}

/** Throws MESSAGE_TOO_LARGE (a stream error) when `length` exceeds `limit`. */
export function checkMessageSize(length: number, limit: number): void {
  if (length > limit) throw new WireError(ErrorCode.MessageTooLarge, `message of ${length} bytes exceeds the limit of ${limit}`, { scope: "stream" });
}

function protocol(message: string): WireError {
  return new WireError(ErrorCode.ProtocolError, message, { scope: "stream" });
}
