/**
 * How a stream lets an encoder write a message straight into its outbound buffer
 * (`WireStream.writeWith`). Structural, so that codecs from other packages fit without this
 * package knowing them.
 */

/** A growable buffer: the valid bytes are `bytes[0, length)`. */
export interface ByteSink {
  bytes: Uint8Array;
  length: number;
}

/** Appends one message's encoding to a sink. */
export interface MessageEncoder<T> {
  /** Appends at `sink.length`, replacing `sink.bytes` by a larger copy (prefix kept) when needed. */
  encodeAppend(message: T, sink: ByteSink): void;
}
