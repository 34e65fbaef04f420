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
 * kept as the views they arrived as until the peer has sent half the declared length; only then
 * is the buffer of the exact size allocated, so memory follows what the peer sent (at most about
 * twice it), never what it declared — a peer declaring 4 MiB messages on a hundred streams and
 * sending nothing more must not make us allocate 400 MiB for a few hundred bytes.
 *
 * From then on every fragment is copied into place as it arrives, together with as many bytes of
 * the kept ones, so the copy is spread over the reads that bring the message rather than done in
 * one go at its end: copying a 4 MiB message into fresh memory took ~4 ms in one turn (its pages
 * fault in as they are written), every other connection waiting. Every byte is still copied once.
 */
export class MessageAssembler {
  /** The fragments of the message in progress not yet copied (undefined when none is in progress). */
  private parts: Uint8Array[] | undefined;
  /** The first part of {@link parts} not yet copied into {@link message}. */
  private nextPart = 0;
  /** Where that part goes in {@link message}. */
  private partOffset = 0;
  /** The message's buffer, once half of it has arrived. */
  private message: Uint8Array | undefined;
  private filled = 0;
  /** The declared length of the message in progress. */
  private total = 0;
  /** Whether the message in progress (or the one {@link push} returned last) came compressed: COMPRESSED on its first frame. */
  compressed = false;

  constructor(private readonly maxMessageSize: number) {}

  /** Whether a fragmented message is in progress. */
  get busy(): boolean {
    return this.parts !== undefined;
  }

  /** Bytes of the message in progress received so far. */
  get buffered(): number {
    return this.filled;
  }

  /** Bytes received but not yet copied into the message's buffer: what the message's last frame would still have to copy. */
  get uncopied(): number {
    let bytes = 0;
    const parts = this.parts;
    if (parts !== undefined) for (let i = this.nextPart; i < parts.length; i++) bytes += parts[i]!.length;
    return bytes;
  }

  /** Feeds one DATA frame; returns a completed message, if this frame completed one. */
  push(flags: number, payload: Uint8Array): Uint8Array | undefined {
    const start = (flags & Flag.MessageStart) !== 0;
    const end = (flags & Flag.EndMessage) !== 0;
    const compressed = (flags & Flag.Compressed) !== 0;
    if (this.parts === undefined) {
      if (start || end) this.compressed = compressed;
      if (start) return this.begin(payload, end);
      if (end) {
        checkMessageSize(payload.length, this.maxMessageSize);
        return payload;
      }
      if (payload.length > 0 || compressed) throw protocol("DATA payload or COMPRESSED outside a message (neither MESSAGE_START nor END_MESSAGE)");
      return undefined;
    }
    if (start) throw protocol("MESSAGE_START while another message is in progress");
    if (compressed) throw protocol("COMPRESSED on a fragment after the first: it belongs on the frame that starts the message");
    return this.append(payload, end);
  }

  private begin(payload: Uint8Array, end: boolean): Uint8Array | undefined {
    if (payload.length < 4) throw protocol("MESSAGE_START frame shorter than its 4-byte length prefix");
    const total = readU32(payload, 0);
    checkMessageSize(total, this.maxMessageSize);
    this.total = total;
    this.parts = [];
    this.nextPart = 0;
    this.partOffset = 0;
    this.filled = 0;
    return this.append(payload.subarray(4), end);
  }

  private append(fragment: Uint8Array, end: boolean): Uint8Array | undefined {
    const at = this.filled;
    const filled = at + fragment.length;
    if (filled > this.total) throw protocol("message fragments exceed the declared length");
    const parts = this.parts!;
    this.filled = filled;
    if (end && filled !== this.total) throw protocol(`message ended after ${filled} of ${this.total} declared bytes`);
    let message = this.message;
    if (message === undefined) {
      if (end && parts.length === 0) return this.finish(fragment); // the whole message came in one frame after all
      if (fragment.length > 0) parts.push(fragment);
      if (!end && filled * 2 < this.total) return undefined;
      message = this.message = allocForOverwrite(this.total); // every byte is written before it is returned
    } else if (fragment.length > 0) {
      message.set(fragment, at);
    }
    this.copyKept(message, end ? Infinity : fragment.length);
    return end ? this.finish(message) : undefined;
  }

  /** Copies kept fragments into `message`, at least one and about `budget` bytes of them. */
  private copyKept(message: Uint8Array, budget: number): void {
    const parts = this.parts!;
    let copied = 0;
    while (this.nextPart < parts.length && copied <= budget) {
      const part = parts[this.nextPart]!;
      parts[this.nextPart++] = EMPTY; // the read buffer it views may go
      message.set(part, this.partOffset);
      this.partOffset += part.length;
      copied += part.length;
    }
  }

  private finish(message: Uint8Array): Uint8Array {
    this.parts = undefined;
    this.message = undefined;
    return message;
  }
}

const EMPTY = new Uint8Array(0);

/** Throws MESSAGE_TOO_LARGE (a stream error) when `length` exceeds `limit`. */
export function checkMessageSize(length: number, limit: number): void {
  if (length > limit) throw new WireError(ErrorCode.MessageTooLarge, `message of ${length} bytes exceeds the limit of ${limit}`, { scope: "stream" });
}

function protocol(message: string): WireError {
  return new WireError(ErrorCode.ProtocolError, message, { scope: "stream" });
}
