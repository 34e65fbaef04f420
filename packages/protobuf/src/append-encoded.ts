/**
 * Appending a message to a buffer someone else owns (generated `encodeAppend`): a transport can
 * queue many small messages in one buffer this way, with no array per message.
 */
import { BinaryWriter } from "./binary-writer.ts";
import { EMPTY_BYTES } from "./empty-bytes.ts";

/** A growable buffer owned by the caller: the valid bytes are `bytes[0, length)`. */
export interface ByteSink {
  bytes: Uint8Array;
  length: number;
}

let writer: BinaryWriter | undefined;

/**
 * Appends the encoding of `message` at `sink.length`, replacing `sink.bytes` by a larger copy when
 * it does not fit. If `encodeTo` throws, `sink.length` is unchanged (`sink.bytes` may have grown).
 */
export function appendEncoded<T>(sink: ByteSink, message: T, encodeTo: (message: T, writer: BinaryWriter) => void): void {
  const w = (writer ??= new BinaryWriter(0)).attach(sink.bytes, sink.length);
  try {
    encodeTo(message, w);
    sink.length = w.pos;
  } finally {
    sink.bytes = w.buf;
    w.attach(EMPTY_BYTES, 0); // hold no reference to the caller's buffer
  }
}
