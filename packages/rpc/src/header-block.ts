import type { Metadata } from "./metadata.ts";
import type { ErrorDetail } from "./error-detail.ts";

/**
 * The header-block codec: the bytes Strand carries in the wire's HEADERS frames (request head,
 * response headers, trailers). A block is a sequence of entries, each a one-byte tag and a
 * payload; tags 1–5 are the RPC mapping's pseudo-headers, tag 0 a custom metadata entry.
 * Specified in `packages/wire/PROTOCOL.md` §13; keep the two in step. Encoding lives in
 * `header-encoder.ts`, decoding in `header-decoder.ts`.
 */
export const HeaderTag = {
  /** name-length varint, name (lower-case ASCII), value-length varint, value bytes. */
  custom: 0x00,
  /** `:path` — length varint + UTF-8 `/<package>.<Service>/<Method>`. Requests only, required. */
  path: 0x01,
  /** `:timeout` — varint, milliseconds remaining when the request was sent. Requests only. */
  timeout: 0x02,
  /** `:status` — varint status code, 0 = OK. Trailers only, required. */
  status: 0x03,
  /** `:message` — length varint + UTF-8 status message. Trailers only. */
  message: 0x04,
  /** `:details` — type-length varint, type (UTF-8), value-length varint, value. Trailers only, repeatable. */
  details: 0x05,
} as const;

/** Which HEADERS frame a block is, which decides the pseudo-headers it may carry. */
export type BlockKind = "request" | "response" | "trailers";

/** An empty block: response headers without metadata. Shared, never mutated. */
export const emptyBlock: Uint8Array = new Uint8Array(0);

/** A decoded request head. */
export interface RequestHead {
  readonly path: string;
  /** Milliseconds remaining at the sender, or `undefined` for no deadline. */
  readonly timeoutMs: number | undefined;
  /** The block's metadata; `undefined` when it carried none (the reader makes an empty one if asked). */
  readonly metadata: Metadata | undefined;
}

/** A decoded trailer block. */
export interface Trailers {
  /** 0 for OK, else a `Code` (unknown codes are passed through; callers map them). */
  readonly code: number;
  readonly message: string;
  readonly details: readonly ErrorDetail[];
  readonly metadata: Metadata;
}

