/**
 * What a stream has asked to send but the scheduler has not yet framed. Items are framed in order;
 * only the scheduler consumes them (see write-scheduler.ts). A message is queued as the bytes
 * themselves (no wrapper object per message); how much of the head message has been framed is the
 * stream's `outOffset`.
 */
export const enum OutboundKind {
  /** A header block, optionally with the stream's first message and END_STREAM, ideally one frame. */
  Headers,
  /** END_STREAM, carried by trailers (HEADERS) or an empty DATA frame (or merged into the last DATA). */
  End,
}

/** A header block to send. */
export interface HeadersItem {
  readonly kind: OutboundKind.Headers;
  readonly block: Uint8Array;
  readonly message: Uint8Array | undefined;
  readonly end: boolean;
}

/** The end of the stream, with or without trailers. */
export interface EndItem {
  readonly kind: OutboundKind.End;
  readonly trailers: Uint8Array | undefined;
}

/** One queued send: a message (framed as one DATA frame or fragmented), headers, or the end. */
export type OutboundItem = Uint8Array | HeadersItem | EndItem;
