/**
 * Reading groups: messages written between a START_GROUP and an END_GROUP tag instead of after a
 * length (proto2 `group`, editions `message_encoding = DELIMITED`). Generated decoders read a
 * nested message up to a known end, so the group's end is found first — one pass over its
 * fields that only skips them — and its END_GROUP tag is read after its fields.
 */
import type { BinaryReader } from "./binary-reader.ts";
import { ProtobufError } from "./protobuf-error.ts";

/**
 * The offset of the END_GROUP tag that ends the group whose START_GROUP `startTag` was just read,
 * found without consuming anything. Throws on a truncated group or a mismatched END_GROUP.
 */
export function groupEnd(r: BinaryReader, startTag: number, depth: number): number {
  const from = r.pos;
  const fieldNo = startTag >>> 3;
  for (;;) {
    if (r.pos >= r.len) throw new ProtobufError("truncated", `group ${fieldNo} has no END_GROUP`);
    const at = r.pos;
    const tag = r.uint32();
    if ((tag & 7) === 4) {
      if (tag >>> 3 !== fieldNo) throw new ProtobufError("invalid_wire_type", `end group ${tag >>> 3} does not match group ${fieldNo}`);
      r.pos = from;
      return at;
    }
    r.skip(tag, depth + 1);
  }
}

/** Reads the END_GROUP tag after a group's fields (where {@link groupEnd} found it); returns `value`. */
export function endGroup<T>(r: BinaryReader, value: T, startTag: number): T {
  const tag = r.uint32();
  if (tag !== startTag + 1) throw new ProtobufError("invalid_wire_type", `expected the end of group ${startTag >>> 3}`);
  return value;
}
