/**
 * Appending a message to a buffer someone else owns (generated `encodeAppend`): a transport can
 * queue many small messages in one buffer this way, with no array per message.
 */
import { BinaryWriter } from "./binary-writer.ts";
import type { MessageType } from "./message-type.ts";
import { encodeFailed } from "./value-check.ts";

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
export function appendEncoded<T>(sink: ByteSink, message: T, encodeTo: (message: T, writer: BinaryWriter) => void, type?: MessageType<T>): void {
  // The writer keeps a reference to the last sink's buffer until the next append: one buffer,
  // which its owner keeps anyway, against a detach on every message of a stream.
  const w = (writer ??= new BinaryWriter(0)).attach(sink.bytes, sink.length);
  try {
    encodeTo(message, w);
  } catch (error) {
    // The writer only says that a value was invalid; encodeFailed finds which, and why.
    throw type === undefined ? error : encodeFailed(type as MessageType, message, error);
  }
  sink.bytes = w.buf;
  sink.length = w.pos;
}
