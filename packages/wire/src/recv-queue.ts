import { Flag } from "./constants.ts";
import { checkMessageSize, MessageAssembler } from "./message-assembler.ts";

const NO_RANGES = new Uint32Array(0);

/** What a dequeued message's buffer reads as once handed out (a long queue must not pin it). */
const RELEASED = new Uint8Array(0);

/**
 * A stream's inbound side before its owner: messages received and not yet read (as ranges of the
 * buffers they arrived in, each with the flow-control credit it holds) and the reassembly of
 * messages that span several frames. The stream decides when to deliver (its owner's demand) and
 * returns the credit; this type only keeps things in order.
 */
export class RecvQueue {
  /**
   * Received messages not yet read, allocated on first use: the buffer holding message `i` is
   * `buffers[i]`, its range and the credit it holds are `ranges[3i, 3i + 3)` — a typed array, so a
   * queue of a million small messages costs about 20 bytes each and nothing for the collector to scan
   * (a run of empty messages is one entry, see {@link push}).
   */
  private buffers: Uint8Array[] | undefined;
  private ranges: Uint32Array = NO_RANGES;
  private head = 0;
  /** Credit held by the queued messages. */
  queuedCost = 0;
  /** Range of the message the last {@link shift} returned the buffer of, and the credit it held. */
  shiftedStart = 0;
  shiftedEnd = 0;
  shiftedCost = 0;
  /** Whether the message the last {@link shift} returned came compressed (its range holds the algorithm byte and the compressed bytes). */
  shiftedCompressed = false;
  /** Whether the message the last {@link fragment} returned came compressed. */
  fragmentCompressed = false;
  /**
   * Which queued messages came compressed, by index like `buffers` (1: compressed): allocated with
   * the first compressed message queued, so streams that never receive one pay a field read per
   * message read, nothing more.
   */
  private compressed: Uint8Array | undefined;
  /** Only streams that receive fragmented messages pay for one. */
  private assembler: MessageAssembler | undefined;
  /**
   * Credit of the fragments of the message being reassembled that has not been returned yet. A
   * message larger than the window could never complete if its fragments held credit, so their
   * credit is returned as they arrive — but only while the reader has caught up (nothing queued);
   * otherwise it waits, so a reader that stops bounds buffering to one window plus one message.
   */
  private partialCost = 0;

  /** Entries received and not yet read: messages, a run of empty ones counting once; 0 exactly when nothing is queued. */
  get size(): number {
    return this.buffers === undefined ? 0 : this.buffers.length - this.head;
  }

  /** Whether a fragmented message is in progress. */
  get reassembling(): boolean {
    return this.assembler?.busy === true;
  }

  /** Queues message `bytes[start, end)`, which holds `cost` bytes of credit (`compressed`: it came compressed). */
  push(bytes: Uint8Array, start: number, end: number, cost: number, compressed = false): void {
    const buffers = (this.buffers ??= []);
    const last = buffers.length - 1;
    this.queuedCost += cost;
    if (compressed) this.markCompressed(buffers.length); // kept as an entry of its own, even if empty (which fails when read)
    else if (start === end) {
      // Empty messages need none of their read (pinning it would keep a chunk alive for messages
      // that carry nothing) and are all alike: consecutive ones of the same credit are one entry
      // `[0, count, credit]` with buffer RELEASED, so a flood of them costs a queue nothing per message.
      const ranges = this.ranges;
      if (last >= this.head && buffers[last] === RELEASED && ranges[3 * last + 2] === cost && ranges[3 * last + 1]! < 0xffffffff) {
        ranges[3 * last + 1]!++;
        return;
      }
      return this.append(RELEASED, 0, 1, cost);
    }
    this.append(bytes, start, end, cost);
  }

  private append(bytes: Uint8Array, first: number, second: number, cost: number): void {
    const buffers = this.buffers!;
    const at = 3 * buffers.length;
    buffers.push(bytes);
    let ranges = this.ranges;
    if (at + 3 > ranges.length) {
      const grown = new Uint32Array(Math.max(48, ranges.length * 2));
      grown.set(ranges);
      this.ranges = ranges = grown;
    }
    ranges[at] = first;
    ranges[at + 1] = second;
    ranges[at + 2] = cost;
  }

  /** Dequeues the oldest message: returns its buffer; its range and credit go to `shifted*`. */
  shift(): Uint8Array {
    const buffers = this.buffers!;
    const ranges = this.ranges;
    const i = this.head;
    const bytes = buffers[i]!;
    this.shiftedCost = ranges[3 * i + 2]!;
    const compressed = this.compressed;
    this.shiftedCompressed = compressed !== undefined && compressed[i] === 1;
    if (this.shiftedCompressed) compressed![i] = 0;
    this.queuedCost -= this.shiftedCost;
    if (bytes === RELEASED) {
      // A run of empty messages (see push): one of them; the entry stays while more are left.
      this.shiftedStart = this.shiftedEnd = 0;
      if (--ranges[3 * i + 1]! > 0) return bytes;
    } else {
      this.shiftedStart = ranges[3 * i]!;
      this.shiftedEnd = ranges[3 * i + 1]!;
    }
    buffers[i] = RELEASED;
    this.head++;
    if (this.head === buffers.length) {
      buffers.length = 0; // the ranges are overwritten from the start, or let go if a flood grew them
      if (ranges.length > 3 * 1024) this.ranges = NO_RANGES;
      this.head = 0;
    }
    return bytes;
  }

  /**
   * A DATA frame with a fragment of a longer message (or a whole one, while none is being
   * reassembled — the stream takes those itself when it can): returns the message when
   * this frame completed one (with its credit in `shiftedCost`: its fragments' and this frame's),
   * else undefined (the fragment's credit is held, see {@link releasePartial}).
   */
  fragment(flags: number, payload: Uint8Array, maxMessageSize: number): Uint8Array | undefined {
    let message: Uint8Array | undefined;
    if ((flags & (Flag.MessageStart | Flag.EndMessage)) === Flag.EndMessage && this.assembler?.busy !== true) {
      checkMessageSize(payload.length, maxMessageSize);
      message = payload;
      this.fragmentCompressed = (flags & Flag.Compressed) !== 0;
    } else {
      const assembler = (this.assembler ??= new MessageAssembler(maxMessageSize));
      message = assembler.push(flags, payload);
      this.fragmentCompressed = assembler.compressed;
    }
    if (message === undefined) {
      this.partialCost += payload.length;
      return undefined;
    }
    this.shiftedCost = this.partialCost + payload.length;
    this.partialCost = 0;
    return message;
  }

  /** Marks the message about to be queued at index `i` as compressed. */
  private markCompressed(i: number): void {
    let marks = this.compressed;
    if (marks === undefined || i >= marks.length) {
      const grown = new Uint8Array(Math.max(16, 2 * i + 2));
      if (marks !== undefined) grown.set(marks);
      this.compressed = marks = grown;
    }
    marks[i] = 1;
  }

  /** The credit of fragments received so far, to return now (the reader caught up); 0 when none. */
  releasePartial(): number {
    const cost = this.partialCost;
    this.partialCost = 0;
    return cost;
  }
}
