/**
 * Frames the head of one stream's send queue: the decisions of PROTOCOL.md §4–§7 for what the next
 * frame of a stream is — a HEADERS frame (with the first message when it fits), a whole message,
 * a fragment, a BATCH of small messages — within the stream's and the connection's send credit.
 * The round-robin order across streams is the scheduler's (write-scheduler.ts); the bytes are laid
 * by the frame writer (frame-writer.ts). Functions over a {@link FramingState} (the scheduler's):
 * a connection holds no framer object of its own.
 */
import { Flag, FrameType, MESSAGE_CREDIT } from "./constants.ts";
import { frameWriter } from "./frame-writer.ts";
import { blocked, type FramedStream, type FramingState, Progress, sent, spend } from "./framing-state.ts";
import { frameHeaders } from "./headers-framer.ts";
import { batchEntryEnd, LENGTH_PREFIX, readBatchLength, writeBatchEntry } from "./message-layout.ts";
import { OutboundKind, type OutboundPack } from "./outbound.ts";

export { type FramedStream, type FramingState, IN_READY_QUEUE, Progress, releaseSenders, WAKE_QUEUED } from "./framing-state.ts";

/** A BATCH frame never exceeds this, whatever the peer's frame limit: it bounds the write buffer's growth. */
const MAX_BATCH_PAYLOAD = 64 * 1024;
const EMPTY = new Uint8Array(0);

/** Frames the next frame of `stream`'s head item. */
export function frameNext(s: FramingState, stream: FramedStream): Progress {
  const item = stream.sendQueue.first!;
  if (item instanceof Uint8Array) return frameMessage(s, stream, item);
  switch (item.kind) {
    case OutboundKind.Headers:
      return frameHeaders(s, stream);
    case OutboundKind.Pack:
      return framePack(s, stream, item);
    case OutboundKind.Compressed:
      return frameMessage(s, stream, item.bytes, Flag.Compressed);
    case OutboundKind.End:
      stream.sendQueue.pop();
      if (item.trailers !== undefined) frameWriter.frame(FrameType.Headers, Flag.EndStream, stream.id, item.trailers);
      else frameWriter.frame(FrameType.Data, Flag.EndStream, stream.id, EMPTY);
      sent(s, stream, true);
      return Progress.Framed;
  }
}

/** Frames the next frame of a message; `first` (COMPRESSED or 0) goes on the frame that starts it. */
function frameMessage(s: FramingState, stream: FramedStream, data: Uint8Array, first = 0): Progress {
  const queue = stream.sendQueue;
  const offset = queue.offset;
  const remaining = data.length - offset;
  // Bytes this frame may carry: MESSAGE_CREDIT is kept back for the frame completing the message
  // (so a fragment never leaves too little for the end).
  const credit = Math.min(stream.sendWindow.available, s.connection.available) - MESSAGE_CREDIT;
  const max = s.maxFramePayload;
  let flags: number;
  let chunk: number;
  let prefix = false;
  if (offset === 0 && remaining <= max && remaining <= credit) {
    if (s.batch && first === 0) {
      const next = queue.second;
      if (next instanceof Uint8Array) {
        const room = Math.min(max, MAX_BATCH_PAYLOAD);
        const two = 2 * LENGTH_PREFIX + remaining + next.length;
        if (two <= room && two + MESSAGE_CREDIT <= credit) return frameBatch(s, stream, room);
      }
    }
    flags = Flag.EndMessage | first;
    chunk = remaining;
  } else if (offset === 0) {
    if (credit < LENGTH_PREFIX + 1) return blocked(stream, LENGTH_PREFIX + 1);
    prefix = true;
    chunk = Math.min(max - LENGTH_PREFIX, credit - LENGTH_PREFIX, remaining);
    flags = Flag.MessageStart | first | (chunk === remaining ? Flag.EndMessage : 0);
  } else {
    if (credit < 1) return blocked(stream, 1);
    chunk = Math.min(max, credit, remaining);
    flags = chunk === remaining ? Flag.EndMessage : 0;
  }
  const payload = chunk === data.length ? data : data.subarray(offset, offset + chunk);
  queue.offset = offset + chunk;
  let end = false;
  const complete = offset + chunk === data.length;
  if (complete) {
    queue.pop();
    end = queue.takeBareEnd();
    if (end) flags |= Flag.EndStream;
  }
  spend(s, stream, chunk + (prefix ? LENGTH_PREFIX : 0), complete ? 1 : 0);
  queue.framed(chunk, complete ? 1 : 0);
  frameWriter.frame(FrameType.Data, flags, stream.id, payload, prefix ? data.length : undefined);
  sent(s, stream, end);
  return Progress.Framed;
}

/**
 * Packs the stream's queued whole messages into one BATCH frame of at most `room` payload bytes
 * (PROTOCOL.md §4.1) within the stream's credit: small messages then cost a length prefix each
 * instead of a frame each.
 */
function frameBatch(s: FramingState, stream: FramedStream, room: number): Progress {
  const queue = stream.sendQueue;
  const writer = frameWriter;
  const start = writer.openFrame(room);
  const buf = writer.bytes;
  const limit = start + room;
  // The credit, as a frame end: each message also costs MESSAGE_CREDIT of it.
  let creditLimit = start + Math.min(stream.sendWindow.available, s.connection.available);
  let p = start;
  let messages = 0;
  for (;;) {
    const item = queue.first;
    if (!(item instanceof Uint8Array)) break;
    const next = p + LENGTH_PREFIX + item.length;
    if (next > limit || next + MESSAGE_CREDIT > creditLimit) break;
    p = writeBatchEntry(buf, p, item);
    creditLimit -= MESSAGE_CREDIT;
    messages++;
    queue.framed(item.length, 1);
    queue.pop();
  }
  const end = queue.takeBareEnd();
  writer.closeFrame(start, p, FrameType.Data, Flag.Batch | (end ? Flag.EndStream : 0), stream.id);
  spend(s, stream, p - start, messages);
  sent(s, stream, end);
  return Progress.Framed;
}

/**
 * Frames as many of a pack's messages as fit in one BATCH frame (its bytes are already in BATCH
 * layout: one copy per frame). A peer that does not take BATCH gets the first message alone.
 */
function framePack(s: FramingState, stream: FramedStream, pack: OutboundPack): Progress {
  pack.sealed = true;
  if (!s.batch) return unpackFirst(s, stream, pack);
  const bytes = pack.bytes;
  const from = pack.offset;
  const room = Math.min(s.maxFramePayload, MAX_BATCH_PAYLOAD);
  const credit = Math.min(stream.sendWindow.available, s.connection.available);
  let to = pack.length;
  let messages = pack.count - pack.framedCount;
  if (to - from > room || to - from + messages * MESSAGE_CREDIT > credit) {
    to = from;
    messages = 0;
    for (;;) {
      const next = batchEntryEnd(bytes, to);
      if (next - from > room || next - from + (messages + 1) * MESSAGE_CREDIT > credit) break;
      to = next;
      messages++;
    }
    if (to === from) {
      // Packed messages are small (≤ 4 KiB) against any frame limit: only credit is short. It
      // is worth waiting for unless the peer's window is so small that it may never grant
      // this much at once; then the message goes alone, fragmented to fit any credit.
      const need = batchEntryEnd(bytes, from) - from;
      return need * 2 <= s.peerStreamWindow ? blocked(stream, need) : unpackFirst(s, stream, pack);
    }
  }
  const length = to - from;
  const queue = stream.sendQueue;
  pack.offset = to;
  pack.framedCount += messages;
  let end = false;
  const whole = to === pack.length;
  if (whole) {
    queue.pop();
    end = queue.takeBareEnd();
  }
  const start = frameWriter.header(FrameType.Data, Flag.Batch | (end ? Flag.EndStream : 0), stream.id, length);
  frameWriter.bytes.set(bytes.subarray(from, to), start);
  // Its bytes are copied out: the stream reuses the buffer.
  if (whole) queue.recycle(pack);
  queue.framed(length, messages);
  spend(s, stream, length, messages);
  sent(s, stream, end);
  return Progress.Framed;
}

/** Takes a pack's first message out as a message of its own, framed as if queued alone. */
function unpackFirst(s: FramingState, stream: FramedStream, pack: OutboundPack): Progress {
  const queue = stream.sendQueue;
  const from = pack.offset;
  const to = from + LENGTH_PREFIX + readBatchLength(pack.bytes, from, pack.length);
  const message = pack.bytes.subarray(from + LENGTH_PREFIX, to);
  pack.viewed = true;
  pack.offset = to;
  pack.framedCount++;
  queue.framed(LENGTH_PREFIX, 0); // the message itself is now queued alone (its bytes and MESSAGE_CREDIT still counted)
  if (to === pack.length) queue.replaceFirst(message);
  else queue.insertFirst(message);
  return frameMessage(s, stream, message);
}
