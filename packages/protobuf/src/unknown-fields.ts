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

/**
 * Keeps the field just read, from `start` (its tag) to where the reader is, as an unknown field:
 * a closed enum's value that is not one of its members (proto2, editions `enum_type = CLOSED`),
 * or a map entry whose value is such a number. The spec keeps those, rather than storing a value
 * the enum cannot hold or dropping it.
 */
export function keepRead(r: BinaryReader, start: number, message: UnknownFields): void {
  (message.$unknown ??= []).push(r.buf.slice(start, r.pos));
}

/**
 * Keeps one element of a packed closed-enum field that is not a member, as an unpacked varint
 * field `fieldNo` (the form other implementations store it in), negative values sign-extended.
 */
export function keepVarint(fieldNo: number, value: number, message: UnknownFields): void {
  const out: number[] = [];
  let tag = (fieldNo << 3) >>> 0;
  while (tag > 0x7f) {
    out.push((tag & 0x7f) | 0x80);
    tag >>>= 7;
  }
  out.push(tag);
  let v = BigInt.asUintN(64, BigInt(value));
  while (v > 0x7fn) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  (message.$unknown ??= []).push(new Uint8Array(out));
}
