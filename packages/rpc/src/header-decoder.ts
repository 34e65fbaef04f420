import { Code } from "./code.ts";
import { HeaderTag, type BlockKind, type RequestHead, type Trailers } from "./header-block.ts";
import { Metadata, isBinaryName, type MetadataValue } from "./metadata.ts";
import { RpcError, type ErrorDetail } from "./rpc-error.ts";
import { decodeUtf8 } from "./utf8.ts";
import { readVarint } from "./varint.ts";

/*
 * Header-block decoders (layout in header-block.ts / PROTOCOL.md §13). The block length is checked
 * against the receiver's (hard) limit before anything is parsed; every violation is an
 * `InvalidArgument` RpcError, never an exception of another type.
 */

/** Names travel lower-case; anything else is a malformed block, not something to normalize. */
const wireName = /^[0-9a-z_.-]+$/;

/** Decodes a request head; throws `ResourceExhausted` past `limitBytes`, `InvalidArgument` if malformed. */
export function decodeRequestHead(block: Uint8Array, limitBytes: number): RequestHead {
  const d = decodeBlock(block, "request", limitBytes);
  if (d.path === undefined) throw malformed("request head without :path");
  return { path: d.path, timeoutMs: d.timeoutMs, metadata: d.metadata };
}

/** Decodes response headers (custom entries only). */
export function decodeResponseHeaders(block: Uint8Array, limitBytes: number): Metadata {
  return decodeBlock(block, "response", limitBytes).metadata;
}

/** Decodes trailers; a block without `:status` is malformed. */
export function decodeTrailers(block: Uint8Array, limitBytes: number): Trailers {
  // The trailers of nearly every successful call are exactly `03 00` (status OK, nothing else).
  if (block.length === 2 && block[0] === HeaderTag.status && block[1] === 0) return okTrailers();
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
  const cursor = { offset: 0 };
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
        const name = readString(block, cursor);
        if (!wireName.test(name)) throw malformed(`invalid metadata name ${JSON.stringify(name)}`);
        const [start, end] = readRange(block, cursor);
        let value: MetadataValue;
        if (isBinaryName(name)) value = block.slice(start, end);
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
        out.path = readString(block, cursor);
        break;
      case HeaderTag.timeout:
        if (out.timeoutMs !== undefined) throw malformed("duplicate :timeout");
        out.timeoutMs = readNumber(block, cursor);
        break;
      case HeaderTag.status:
        if (out.code !== undefined) throw malformed("duplicate :status");
        out.code = readNumber(block, cursor);
        break;
      case HeaderTag.message:
        if (out.message !== undefined) throw malformed("duplicate :message");
        out.message = readString(block, cursor);
        break;
      case HeaderTag.details: {
        const type = readString(block, cursor);
        const [start, end] = readRange(block, cursor);
        (out.details ??= []).push({ type, value: block.slice(start, end) });
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

function readNumber(block: Uint8Array, cursor: { offset: number }): number {
  const n = readVarint(block, cursor);
  if (n < 0) throw malformed("bad varint");
  return n;
}

function readRange(block: Uint8Array, cursor: { offset: number }): [number, number] {
  const length = readNumber(block, cursor);
  const start = cursor.offset;
  const end = start + length;
  if (end > block.length) throw malformed("entry runs past the end of the block");
  cursor.offset = end;
  return [start, end];
}

function readString(block: Uint8Array, cursor: { offset: number }): string {
  const [start, end] = readRange(block, cursor);
  try {
    return decodeUtf8(block, start, end);
  } catch {
    throw malformed("invalid UTF-8");
  }
}

function malformed(reason: string): RpcError {
  return new RpcError(Code.InvalidArgument, `malformed header block: ${reason}`);
}

/** Plain OK trailers (a fresh metadata object, since callers may hand it to user code). */
function okTrailers(): Trailers {
  return { code: 0, message: "", details: NO_DETAILS, metadata: new Metadata() };
}

const NO_DETAILS: readonly ErrorDetail[] = Object.freeze([]);
