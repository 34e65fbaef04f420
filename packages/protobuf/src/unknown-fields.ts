/**
 * Unknown fields: what a message's decoder met but its code does not know (a field added by a
 * newer schema, an extension, a proto2 group). They are kept as they arrived — tag and value,
 * in order — on the message's `$unknown` and written back after the known fields, so a service
 * that decodes and re-encodes a message (a gateway, a newer client's request passed on) loses
 * nothing. JSON has no place for them: `toJson` leaves them out, as the spec says.
 */
import type { BinaryReader } from "./binary-reader.ts";

/** What generated messages carry: the unknown fields seen when they were decoded. */
export interface UnknownFields {
  /** Each unknown field whole (tag and value, as it arrived), in order; absent when there were none. */
  $unknown?: Uint8Array[];
}

/**
 * Called by generated decoders for a tag they do not know: skips its value (`skip` checks it) and
 * keeps the field's bytes from `start` (where its tag began) on `message`. A copy, so that a kept
 * message never pins the buffer it was decoded from (often a view into a large socket read).
 */
export function keepUnknown(r: BinaryReader, tag: number, start: number, depth: number, message: UnknownFields): void {
  r.skip(tag, depth);
  (message.$unknown ??= []).push(r.buf.slice(start, r.pos));
}
