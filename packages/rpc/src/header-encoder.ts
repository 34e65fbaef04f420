import { Code } from "./code.ts";
import { emptyBlock, HeaderTag } from "./header-block.ts";
import type { Metadata } from "./metadata.ts";
import type { ErrorDetail } from "./error-detail.ts";
import { RpcError } from "./rpc-error.ts";
import { encodeUtf8 } from "./utf8.ts";
import { varintSize, writeVarint } from "./varint.ts";

/*
 * Header-block encoders (layout in header-block.ts / PROTOCOL.md §13). Each computes the exact size
 * first, checks it against the sender's (soft) limit, then writes once into one allocation.
 */

/** Pre-encodes the `:path` entry once per method, so a request head without options is free. */
export function encodePathEntry(path: string): Uint8Array {
  const utf8 = encodeUtf8(path);
  const out = new Uint8Array(1 + varintSize(utf8.length) + utf8.length);
  out[0] = HeaderTag.path;
  out.set(utf8, writeVarint(out, 1, utf8.length));
  return out;
}

/**
 * Encodes a request head: the pre-encoded path entry, the timeout, then metadata. Returns
 * `pathEntry` itself when there is nothing else (the hot path allocates nothing).
 */
export function encodeRequestHead(
  pathEntry: Uint8Array,
  timeoutMs: number | undefined,
  metadata: Metadata | undefined,
  limitBytes: number,
): Uint8Array {
  const hasMeta = metadata !== undefined && metadata.size > 0;
  if (timeoutMs === undefined && !hasMeta) return pathEntry;
  const timeout = timeoutMs === undefined ? -1 : Math.max(0, Math.floor(timeoutMs));
  let size = pathEntry.length + (timeout < 0 ? 0 : 1 + varintSize(timeout));
  if (hasMeta) size += metadataSize(metadata);
  checkSendSize(size, limitBytes, "request metadata");
  const out = new Uint8Array(size);
  out.set(pathEntry, 0);
  let offset = pathEntry.length;
  if (timeout >= 0) {
    out[offset++] = HeaderTag.timeout;
    offset = writeVarint(out, offset, timeout);
  }
  if (hasMeta) writeMetadata(out, offset, metadata);
  return out;
}

/** Encodes response headers (custom entries only); {@link emptyBlock} when there are none. */
export function encodeResponseHeaders(metadata: Metadata | undefined, limitBytes: number): Uint8Array {
  if (metadata === undefined || metadata.size === 0) return emptyBlock;
  const size = metadataSize(metadata);
  checkSendSize(size, limitBytes, "response headers");
  const out = new Uint8Array(size);
  writeMetadata(out, 0, metadata);
  return out;
}

/** The trailers of a plain OK (status 0, nothing else): one block shared by every such call. */
export const okTrailers: Uint8Array = new Uint8Array([HeaderTag.status, 0]);

/** Encodes trailers; the OK-without-metadata case returns a shared constant. */
export function encodeTrailers(
  code: number,
  message: string,
  details: readonly ErrorDetail[],
  metadata: Metadata | undefined,
  limitBytes: number,
): Uint8Array {
  const hasMeta = metadata !== undefined && metadata.size > 0;
  if (code === 0 && message === "" && details.length === 0 && !hasMeta) return okTrailers;
  const messageBytes = message === "" ? undefined : encodeUtf8(message);
  const detailBytes = details.map((d) => encodeUtf8(d.type));
  let size = 1 + varintSize(code);
  if (messageBytes !== undefined) size += 1 + varintSize(messageBytes.length) + messageBytes.length;
  for (let i = 0; i < details.length; i++) {
    const type = detailBytes[i] as Uint8Array;
    const value = (details[i] as ErrorDetail).value;
    size += 1 + varintSize(type.length) + type.length + varintSize(value.length) + value.length;
  }
  if (hasMeta) size += metadataSize(metadata);
  checkSendSize(size, limitBytes, "trailers");
  const out = new Uint8Array(size);
  out[0] = HeaderTag.status;
  let offset = writeVarint(out, 1, code);
  if (messageBytes !== undefined) offset = writeBytes(out, offset, HeaderTag.message, messageBytes);
  for (let i = 0; i < details.length; i++) {
    offset = writeBytes(out, offset, HeaderTag.details, detailBytes[i] as Uint8Array);
    const value = (details[i] as ErrorDetail).value;
    offset = writeVarint(out, offset, value.length);
    out.set(value, offset);
    offset += value.length;
  }
  if (hasMeta) writeMetadata(out, offset, metadata);
  return out;
}

function checkSendSize(size: number, limitBytes: number, what: string): void {
  if (size > limitBytes) {
    throw new RpcError(
      Code.ResourceExhausted,
      `${what} encode to ${String(size)} bytes, over the limit of ${String(limitBytes)} bytes`,
    );
  }
}

function metadataSize(metadata: Metadata): number {
  let size = 0;
  for (const [name, value] of metadata) {
    const length = typeof value === "string" ? value.length : value.length;
    size += 1 + varintSize(name.length) + name.length + varintSize(length) + length;
  }
  return size;
}

function writeMetadata(out: Uint8Array, offset: number, metadata: Metadata): number {
  for (const [name, value] of metadata) {
    out[offset++] = HeaderTag.custom;
    offset = writeAscii(out, offset, name);
    if (typeof value === "string") offset = writeAscii(out, offset, value);
    else {
      offset = writeVarint(out, offset, value.length);
      out.set(value, offset);
      offset += value.length;
    }
  }
  return offset;
}

/** Names and non-binary values are validated printable ASCII, so one byte per char. */
function writeAscii(out: Uint8Array, offset: number, text: string): number {
  offset = writeVarint(out, offset, text.length);
  for (let i = 0; i < text.length; i++) out[offset++] = text.charCodeAt(i);
  return offset;
}

function writeBytes(out: Uint8Array, offset: number, tag: number, bytes: Uint8Array): number {
  out[offset++] = tag;
  offset = writeVarint(out, offset, bytes.length);
  out.set(bytes, offset);
  return offset + bytes.length;
}
