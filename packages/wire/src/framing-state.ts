/**
 * What the framer and the scheduler share: the stream and connection they frame for, how framing a
 * stream went, and the bookkeeping every frame does — spending credit, noting an END_STREAM, and
 * the senders to wake after the write.
 */
import { MESSAGE_CREDIT } from "./constants.ts";
import type { SendQueue } from "./send-queue.ts";
import type { Credit, Window } from "./window.ts";

/** What a stream offers the framer and the scheduler: its queue, its credit and two transitions. */
export interface FramedStream {
  readonly id: number;
  readonly sendQueue: SendQueue;
  /** Credit the peer granted this stream. */
  readonly sendWindow: Credit;
  /** The stream ended (reset, failed or both sides done): whatever it queued is dropped. */
  readonly isClosed: boolean;
  /** Whether a sender waits for this stream to take more (woken once per flush that framed some of it). */
  readonly hasSendWaiters: boolean;
  /** Scheduler bookkeeping as bits, {@link IN_READY_QUEUE} and {@link WAKE_QUEUED} (others are the stream's): a number, not a field each, as a stream is paid per call. */
  marks: number;
  /** Its first HEADERS frame was framed. */
  opened(): void;
  /** A frame carrying its END_STREAM was framed. */
  endSent(): void;
  /** Release senders waiting for credit or the write queue. */
  wakeSenders(): void;
}

/** `FramedStream.marks`: the stream is in the scheduler's ready queue. */
export const IN_READY_QUEUE = 1;
/** `FramedStream.marks`: the stream is in this flush's list of streams to wake. */
export const WAKE_QUEUED = 2;
/** A stream's `marks`, beside the scheduler's (4 is stream-outbound.ts's): a peer stream that arrived alone (see `arrivedAlone`, respond-with.ts). */
export const ARRIVED_ALONE = 8;

/** Whether framing a stream went on, or what it waits for. */
export const enum Progress {
  Framed,
  BlockedOnStream,
  BlockedOnConnection,
}

/** What framing reads and spends of a connection: the peer's settings and its send credit. */
export interface FramingState {
  /** Connection-level send credit granted by the peer. */
  readonly connection: Window;
  /** The peer accepts BATCH DATA frames (its SETTINGS said so). */
  batch: boolean;
  /** The peer accepts HEADERS with WITH_TRAILERS (a whole response in one frame). */
  withTrailers: boolean;
  /** Peer's MAX_FRAME_PAYLOAD. */
  maxFramePayload: number;
  /** Peer's INITIAL_STREAM_WINDOW: how much stream credit can be counted on to come back at once. */
  peerStreamWindow: number;
  /** Streams whose senders to wake after this flush's write. */
  wake: FramedStream[] | undefined;
}

/** Wakes the senders of streams framed since the last call (after the write). */
export function releaseSenders(s: FramingState): void {
  const wake = s.wake;
  if (wake === undefined) return;
  s.wake = undefined;
  for (const stream of wake) {
    stream.marks &= ~WAKE_QUEUED;
    stream.wakeSenders();
  }
}

/** What a stream short of `need` bytes of credit (plus a message's MESSAGE_CREDIT of its own) waits for: its own credit, or the connection's. */
export function blocked(stream: FramedStream, need: number): Progress {
  return stream.sendWindow.available < need + MESSAGE_CREDIT ? Progress.BlockedOnStream : Progress.BlockedOnConnection;
}

/** Spends credit the caller checked is there (so no overspend check on this side): `bytes` and MESSAGE_CREDIT per message completed, of both windows. */
export function spend(s: FramingState, stream: FramedStream, bytes: number, messages: number): void {
  const cost = bytes + messages * MESSAGE_CREDIT;
  stream.sendWindow.available -= cost;
  s.connection.available -= cost;
}

export function sent(s: FramingState, stream: FramedStream, endStream: boolean): void {
  if (endStream) stream.endSent();
  if (stream.hasSendWaiters && (stream.marks & WAKE_QUEUED) === 0) {
    stream.marks |= WAKE_QUEUED; // once per flush, however many of its frames went out
    (s.wake ??= []).push(stream);
  }
}
