import type { MessageCompression } from "./compression.ts";
import type { WireConfig } from "./config.ts";
import type { ErrorCode } from "./error-code.ts";
import type { Settings } from "./settings.ts";
import type { WireStream } from "./stream.ts";
import type { WireError } from "./wire-error.ts";
import type { MessageEncoder } from "./message-encoder.ts";
import type { StageResponse } from "./response-stage.ts";

/** What a stream needs from its session. Streams never touch the byte channel (house style 4). */
export interface StreamHost {
  readonly config: WireConfig;
  /** Current receive window per stream (starts at `initialStreamWindow`, grows with the measured BDP). */
  readonly streamWindow: number;
  /** The peer's current SETTINGS. */
  readonly peer: Settings;
  /** What compresses and inflates messages, if the session has a codec (`SessionOptions.codec`). */
  readonly codec: MessageCompression | undefined;
  /** False while the session's write queue is over its high-water mark. */
  readonly writable: boolean;
  /** The stream has something to frame. */
  schedule(stream: WireStream): void;
  /**
   * Lays out `stream`'s whole answer in the session's frame stage with `stage` (response-stage.ts,
   * handed over by the caller so that sessions that never answer do not bundle it): true when
   * staged; false, nothing encoded, when it cannot be now; the encoded message when it does not
   * fit, for the stream to queue. Throws what the encoder throws.
   */
  stageResponse<T>(stage: StageResponse, stream: WireStream, block: Uint8Array, encoder: MessageEncoder<T>, message: T, trailers: Uint8Array): boolean | Uint8Array;
  /** Queue WINDOW_UPDATE for the stream (batched by the stream). */
  sendWindowUpdate(stream: WireStream, increment: number): void;
  /** Queue RST_STREAM. */
  sendReset(stream: WireStream, code: ErrorCode): void;
  /** Wake this stream's senders when the session becomes writable again. */
  waitWritable(stream: WireStream): void;
  /** The stream reached `closed`. */
  streamClosed(stream: WireStream): void;
  /** The owner let go of a peer stream's concurrency slot (see `WireStream.releaseSlot`). */
  releaseSlot(stream: WireStream): void;
  /** A message of `cost` credit waits unread: throws (a stream error) past the connection's `maxUnreadBytes`. */
  takeUnread(cost: number): void;
  /** Unread messages of `cost` credit were read or dropped. */
  giveUnread(cost: number): void;
}

/** Options of a stream's first header block (open or respond). */
export interface HeadersOptions {
  /** A first message to carry in the same frame when it fits. */
  readonly message?: Uint8Array | undefined;
  /** Half-close after it (a unary request is headers + message + end in one frame). */
  readonly end?: boolean;
  /**
   * End the stream with these trailers right after the message: a whole response queued at once,
   * one frame to a peer that accepts WITH_TRAILERS (`end` is then implied).
   */
  readonly trailers?: Uint8Array | undefined;
  /**
   * The algorithm this stream compresses its messages with from now on (`CompressionId`, 0 for
   * none; see `WireConfig.sendCompression`, the default); absent keeps the stream's.
   */
  readonly compression?: number | undefined;
}

/**
 * Push-mode consumer of a stream (see {@link WireStream.listen}): events arrive as callbacks and
 * messages only as far as {@link WireStream.request} allowed, so a unary call costs no iterator
 * and no promise per message. `onEnd` ends the inbound direction; `onError` (at most once) ends
 * the stream, and may follow `onEnd` while this side is still sending.
 */
export interface StreamListener {
  /** The peer's first header block, if it arrives after `listen`; `endStream` marks trailers-only. */
  onHeaders(block: Uint8Array, endStream: boolean): void;
  /**
   * One message, `bytes[start, end)`, within the granted demand. A range rather than a view so a
   * BATCH frame's messages cost no array each; `bytes` may hold other messages and is read-only.
   */
  onMessage(bytes: Uint8Array, start: number, end: number): void;
  /** The peer ended the stream and every message was delivered; `trailers` if it ended with a header block. */
  onEnd(trailers: Uint8Array | undefined): void;
  /** The peer reset the stream, a stream error was detected, or the connection closed. */
  onError(error: WireError): void;
}
