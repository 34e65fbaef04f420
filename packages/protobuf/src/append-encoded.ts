/**
 * Appending a message to a buffer someone else owns (generated `encodeAppend`): a transport can
 * queue many small messages in one buffer this way, with no array per message.
 */
import { BinaryWriter } from "./binary-writer.ts";

/** A growable buffer owned by the caller: the valid bytes are `bytes[0, length)`. */
export interface ByteSink {
  bytes: Uint8Array;
  length: number;
}

let writer: BinaryWriter | undefined;

/**
 * Appends the encoding of `message` at `sink.length`, replacing `sink.bytes` by a larger copy when
 * it does not fit. If `encodeTo` throws, the sink is unchanged (bytes written past its length are
 * garbage the next append overwrites).
 */
export function appendEncoded<T>(sink: ByteSink, message: T, encodeTo: (message: T, writer: BinaryWriter) => void): void {
  // The writer keeps a reference to the last sink's buffer until the next append: one buffer,
  // which its owner keeps anyway, against a detach on every message of a stream.
  const w = (writer ??= new BinaryWriter(0)).attach(sink.bytes, sink.length);
  encodeTo(message, w);
  sink.bytes = w.buf;
  sink.length = w.pos;
}
