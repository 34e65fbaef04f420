/**
 * What a stream has asked to send but the scheduler has not yet framed. Items are framed in order;
 * only the scheduler consumes them (see write-scheduler.ts).
 */
export const enum OutboundKind {
  /** A header block, optionally with the stream's first message and END_STREAM, ideally one frame. */
  Headers,
  /** A message, framed as one DATA frame or fragmented; `offset` bytes have been framed so far. */
  Message,
  /** END_STREAM, carried by trailers (HEADERS) or an empty DATA frame (or merged into the last DATA). */
  End,
}

/** One queued send. */
export type OutboundItem =
  | { kind: OutboundKind.Headers; block: Uint8Array; message: Uint8Array | undefined; end: boolean }
  | { kind: OutboundKind.Message; data: Uint8Array; offset: number }
  | { kind: OutboundKind.End; trailers: Uint8Array | undefined };
