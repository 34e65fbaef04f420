/**
 * The HEADERS frames of a stream's first header block: alone, with the first message when it fits
 * (WITH_MESSAGE), or a whole response — headers, its message, trailers — in one frame
 * (WITH_TRAILERS) to a peer that takes it. Otherwise the message goes on as DATA.
 */
import { Flag, FrameType, MESSAGE_CREDIT } from "./constants.ts";
import { frameWriter } from "./frame-writer.ts";
import { type FramedStream, type FramingState, Progress, sent, spend } from "./framing-state.ts";
import { headersWithMessageSize, headersWithTrailersSize, writeHeadersWithMessage, writeHeadersWithTrailers } from "./message-layout.ts";
import { OutboundKind } from "./outbound.ts";

/** Frames the head HEADERS item of `stream`'s queue. */
export function frameHeaders(s: FramingState, stream: FramedStream): Progress {
  const queue = stream.sendQueue;
  const block = queue.outHeaderBlock!;
  const message = queue.outHeaderMessage;
  const end = queue.outHeaderEnd;
  if (message !== undefined) {
    const trailers = s.withTrailers ? queue.trailersNext : undefined;
    const size = trailers === undefined ? headersWithMessageSize(block.length, message.length) : headersWithTrailersSize(block.length, trailers.length, message.length);
    const compressed = queue.outHeaderCompressed;
    if (size <= s.maxFramePayload && message.length + MESSAGE_CREDIT <= Math.min(stream.sendWindow.available, s.connection.available)) {
      if (trailers !== undefined) return frameResponse(s, stream, block, trailers, message, size, compressed);
      queue.pop();
      spend(s, stream, message.length, 1);
      queue.framed(message.length, 1);
      const flags = Flag.WithMessage | (end ? Flag.EndStream : 0) | (compressed ? Flag.Compressed : 0);
      const start = frameWriter.header(FrameType.Headers, flags, stream.id, size);
      writeHeadersWithMessage(frameWriter.bytes, start, block, message); // after header(): it may replace the buffer
      stream.opened();
      sent(s, stream, end);
      return Progress.Framed;
    }
    // Too big or no credit for one frame: headers now, the message as DATA, then END_STREAM.
    queue.replaceFirst(compressed ? { kind: OutboundKind.Compressed, bytes: message } : message);
    if (end) queue.insertEndSecond();
    frameWriter.frame(FrameType.Headers, 0, stream.id, block);
    stream.opened();
    return Progress.Framed;
  }
  queue.pop();
  frameWriter.frame(FrameType.Headers, end ? Flag.EndStream : 0, stream.id, block);
  stream.opened();
  sent(s, stream, end);
  return Progress.Framed;
}

/** A whole response — headers, its one message, trailers — in one HEADERS frame (WITH_TRAILERS), when the peer takes it and it fits. */
function frameResponse(s: FramingState, stream: FramedStream, block: Uint8Array, trailers: Uint8Array, message: Uint8Array, size: number, compressed: boolean): Progress {
  const queue = stream.sendQueue;
  queue.pop(); // the headers with their message
  queue.pop(); // the end with the trailers
  spend(s, stream, message.length, 1);
  queue.framed(message.length, 1);
  const flags = Flag.WithMessage | Flag.WithTrailers | Flag.EndStream | (compressed ? Flag.Compressed : 0);
  const start = frameWriter.header(FrameType.Headers, flags, stream.id, size);
  writeHeadersWithTrailers(frameWriter.bytes, start, block, trailers, message); // after header(): it may replace the buffer
  stream.opened();
  sent(s, stream, true);
  return Progress.Framed;
}
