import { Code } from "./code.ts";
import { HeaderTag, type BlockKind, type RequestHead, type Trailers } from "./header-block.ts";
import { Metadata, isBinaryName, type MetadataValue } from "./metadata.ts";
import type { ErrorDetail } from "./error-detail.ts";
import { RpcError } from "./rpc-error.ts";
import { decodeUtf8 } from "./utf8.ts";
import { readVarint } from "./varint.ts";

/*
 * Header-block decoders (layout in header-block.ts / PROTOCOL.md §13). The block length is checked
 * against the receiver's (hard) limit before anything is parsed; every violation is an
 * `InvalidArgument` RpcError, never an exception of another type.
 */

/**
 * Copies out of a block. Blocks are often views into a socket read, and a Node `Buffer`'s own
 * `slice` is a view: kept metadata values (or cached paths) would pin the whole read.
 */
const copyRange = Uint8Array.prototype.slice;

/** Names travel lower-case; anything else is a malformed block, not something to normalize. */
const wireName = /^[0-9a-z_.-]+$/;

/**
 * The last path-only head decoded, and its block. Transports hand repeated small blocks over as
 * one shared copy (`@strand/wire`'s header-blocks.ts), so the next call to the same method is
 * usually the same block object: its head is the same too (heads are read, never changed).
 */
let lastPathBlock: Uint8Array | undefined;
let lastPathHead: RequestHead | undefined;

/** Decodes a request head; throws `ResourceExhausted` past `limitBytes`, `InvalidArgument` if malformed. */
export function decodeRequestHead(block: Uint8Array, limitBytes: number): RequestHead {
  if (block === lastPathBlock && block.length <= limitBytes) return lastPathHead!;
  // Most heads are the path alone (no deadline, no metadata): one read, no decode state, no Metadata.
  if (block.length <= limitBytes && block[0] === HeaderTag.path) {
    cursor.offset = 1;
    const path = readPath(block);
    if (cursor.offset === block.length) {
      lastPathBlock = block;
      return (lastPathHead = Object.freeze({ path, timeoutMs: undefined, metadata: undefined }));
    }
  }
  const d = decodeBlock(block, "request", limitBytes);
  if (d.path === undefined) throw malformed("request head without :path");
  return { path: d.path, timeoutMs: d.timeoutMs, metadata: d.metadata };
}

/** Decodes response headers (custom entries only). */
export function decodeResponseHeaders(block: Uint8Array, limitBytes: number): Metadata {
  return decodeBlock(block, "response", limitBytes).metadata;
}

/** The trailers of nearly every successful call: exactly `03 00` (status OK, nothing else). */
export function isPlainOk(block: Uint8Array): boolean {
  return block.length === 2 && block[0] === HeaderTag.status && block[1] === 0;
}

/** Decodes trailers; a block without `:status` is malformed. */
export function decodeTrailers(block: Uint8Array, limitBytes: number): Trailers {
  if (isPlainOk(block)) return okTrailers();
  const d = decodeBlock(block, "trailers", limitBytes);
  if (d.code === undefined) throw malformed("trailers without :status");
  return { code: d.code, message: d.message ?? "", details: d.details ?? [], metadata: d.metadata };
}

interface Decoded {
  path?: string;
  timeoutMs?: number;
  code?: number;
  message?: string;
  details?: ErrorDetail[];
  metadata: Metadata;
}

function decodeBlock(block: Uint8Array, kind: BlockKind, limitBytes: number): Decoded {
  if (block.length > limitBytes) {
    throw new RpcError(
      Code.ResourceExhausted,
      `${kind} header block of ${String(block.length)} bytes exceeds the limit of ${String(limitBytes)} bytes`,
    );
  }
  const out: Decoded = { metadata: new Metadata() };
  cursor.offset = 0;
  let customSeen = false;
  while (cursor.offset < block.length) {
    const tag = block[cursor.offset++] as number;
    if (tag !== HeaderTag.custom) {
      if (customSeen) throw malformed("pseudo-header after a metadata entry");
      if (!allowed(kind, tag)) throw malformed(`tag ${String(tag)} not allowed in a ${kind} block`);
    }
    switch (tag) {
      case HeaderTag.custom: {
        customSeen = true;
        const name = readString(block);
        if (!wireName.test(name)) throw malformed(`invalid metadata name ${JSON.stringify(name)}`);
        const start = readRange(block);
        const end = cursor.offset;
        let value: MetadataValue;
        if (isBinaryName(name)) value = copyRange.call(block, start, end);
        else value = decodeUtf8(block, start, end);
        try {
          out.metadata.append(name, value);
        } catch (error) {
          throw malformed((error as Error).message);
        }
        break;
      }
      case HeaderTag.path:
        if (out.path !== undefined) throw malformed("duplicate :path");
        out.path = readPath(block);
        break;
      case HeaderTag.timeout:
        if (out.timeoutMs !== undefined) throw malformed("duplicate :timeout");
        out.timeoutMs = readNumber(block);
        break;
      case HeaderTag.status:
        if (out.code !== undefined) throw malformed("duplicate :status");
        out.code = readNumber(block);
        break;
      case HeaderTag.message:
        if (out.message !== undefined) throw malformed("duplicate :message");
        out.message = readString(block);
        break;
      case HeaderTag.details: {
        const type = readString(block);
        const start = readRange(block);
        (out.details ??= []).push({ type, value: copyRange.call(block, start, cursor.offset) });
        break;
      }
      default:
        throw malformed(`unknown tag ${String(tag)}`);
    }
  }
  return out;
}

function allowed(kind: BlockKind, tag: number): boolean {
  switch (kind) {
    case "request":
      return tag === HeaderTag.path || tag === HeaderTag.timeout;
    case "response":
      return false;
    case "trailers":
      return tag === HeaderTag.status || tag === HeaderTag.message || tag === HeaderTag.details;
  }
}

/** The read position in the block being decoded: one object, since decoding never nests. */
const cursor = { offset: 0 };

function readNumber(block: Uint8Array): number {
  const n = readVarint(block, cursor);
  if (n < 0) throw malformed("bad varint");
  return n;
}

/** Reads a length-prefixed entry; returns its start, and `cursor.offset` is its end. */
function readRange(block: Uint8Array): number {
  const length = readNumber(block);
  const start = cursor.offset;
  const end = start + length;
  if (end > block.length) throw malformed("entry runs past the end of the block");
  cursor.offset = end;
  return start;
}

function readString(block: Uint8Array): string {
  const start = readRange(block);
  return utf8(block, start, cursor.offset);
}

function utf8(block: Uint8Array, start: number, end: number): string {
  try {
    return decodeUtf8(block, start, end);
  } catch {
    throw malformed("invalid UTF-8");
  }
}

/**
 * Recently seen `:path`s with their bytes: a server decodes the same few paths over and over, and
 * comparing ~30 bytes is cheaper than a view plus a UTF-8 decode. Bounded; replaced round-robin.
 */
const PATH_CACHE_SIZE = 32;
const pathCache: { readonly bytes: Uint8Array; readonly text: string }[] = [];
let pathVictim = 0;

function readPath(block: Uint8Array): string {
  const start = readRange(block);
  const end = cursor.offset;
  const length = end - start;
  search: for (const entry of pathCache) {
    const bytes = entry.bytes;
    if (bytes.length !== length) continue;
    for (let i = 0; i < length; i++) if (bytes[i] !== block[start + i]) continue search;
    return entry.text;
  }
  const entry = { bytes: copyRange.call(block, start, end), text: utf8(block, start, end) };
  if (pathCache.length < PATH_CACHE_SIZE) pathCache.push(entry);
  else {
    pathCache[pathVictim] = entry;
    pathVictim = (pathVictim + 1) % PATH_CACHE_SIZE;
  }
  return entry.text;
}

function malformed(reason: string): RpcError {
  return new RpcError(Code.InvalidArgument, `malformed header block: ${reason}`);
}

/** Plain OK trailers (a fresh metadata object, since callers may hand it to user code). */
function okTrailers(): Trailers {
  return { code: 0, message: "", details: NO_DETAILS, metadata: new Metadata() };
}

const NO_DETAILS: readonly ErrorDetail[] = Object.freeze([]);
