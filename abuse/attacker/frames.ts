import { encodePathEntry, encodeRequestHead } from "@strand/rpc/internal";
import { encodeFrame, encodePreface, encodeSettings, encodeWindowUpdate, Flag, FrameType, headersWithMessageSize, writeHeadersWithMessage } from "@strand/wire/internal";
import { Metadata } from "strand";
import { AbuseService } from "../shared/abuse-service.ts";

/** One encoded frame. */
export function frame(type: FrameType, flags: number, streamId: number, payload: Uint8Array = new Uint8Array(0)): Uint8Array {
  return encodeFrame({ type, flags, streamId, payload });
}

/** `count` copies of `bytes` back to back: one write carries a whole burst of frames. */
export function repeat(bytes: Uint8Array, count: number): Uint8Array {
  const out = new Uint8Array(bytes.length * count);
  for (let i = 0; i < count; i++) out.set(bytes, i * bytes.length);
  return out;
}

/** Concatenates byte arrays. */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * The preface and our SETTINGS. `greedy` (the default): stream windows of nearly 2 GiB, so the
 * server never waits for our credit, and a WINDOW_UPDATE raising the connection window as far;
 * otherwise the protocol's default windows.
 */
export function handshake(greedy = true): Uint8Array {
  const settings = encodeSettings({
    maxFramePayload: 16 * 1024,
    maxConcurrentStreams: 100,
    initialStreamWindow: greedy ? 2 ** 31 - 1 : 64 * 1024,
    maxMessageSize: 4 * 1024 * 1024,
    maxHeaderBlockSize: 16 * 1024,
    acceptBatch: false,
  });
  const parts = [encodePreface(), frame(FrameType.Settings, 0, 0, settings)];
  if (greedy) parts.push(frame(FrameType.WindowUpdate, 0, 0, encodeWindowUpdate(2 ** 31 - 1 - 65_536)));
  return concat(parts);
}

/** The method paths of the abuse service, as request-head path entries. */
export type MethodName = keyof typeof AbuseService.methods;

/** A request head for `method`, with `metadata` if given. */
export function requestHead(method: MethodName, metadata?: Metadata): Uint8Array {
  return encodeRequestHead(encodePathEntry(AbuseService.methods[method].path), undefined, metadata, 16 * 1024);
}

/** A whole unary call in one HEADERS frame: head, message and END_STREAM (PROTOCOL.md §13.1). */
export function unaryCall(id: number, head: Uint8Array, message: Uint8Array): Uint8Array {
  const payload = new Uint8Array(headersWithMessageSize(head.length, message.length));
  writeHeadersWithMessage(payload, 0, head, message);
  return frame(FrameType.Headers, Flag.WithMessage | Flag.EndStream, id, payload);
}

/** Opens a stream with its head alone (a streaming call whose messages follow). */
export function openCall(id: number, head: Uint8Array): Uint8Array {
  return frame(FrameType.Headers, 0, id, head);
}

/** Metadata whose header block is about `bytes` long: many small ASCII entries (the most parsing per byte). */
export function heavyMetadata(bytes: number): Metadata {
  const metadata = new Metadata();
  const value = "v".repeat(20);
  for (let i = 0, size = 0; size + 40 < bytes; i++) {
    const name = `x-k${i.toString(36)}`;
    metadata.append(name, value);
    size += 3 + name.length + value.length;
  }
  return metadata;
}
