/**
 * MessageSet: a proto2 message with `message_set_wire_format` carries each extension as an item —
 * group 1 holding `type_id` (field 2, the extension's number) and `message` (field 3, its
 * encoding) — rather than as a field of the extension's own number. Items are kept whole in the
 * MessageSet's `$unknown` like any field its code does not know; these read and write them for
 * extension.ts. Within an item, `type_id` and `message` may come in either order.
 */
import { BinaryReader } from "./binary-reader.ts";
import { BinaryWriter } from "./binary-writer.ts";
import type { MessageType } from "./message-type.ts";
import type { UnknownFields } from "./unknown-fields.ts";
import { WireType } from "./wire-type.ts";

const ITEM_START = (1 << 3) | WireType.StartGroup;
const ITEM_END = (1 << 3) | WireType.EndGroup;
const TYPE_ID = (2 << 3) | WireType.Varint;
const MESSAGE = (3 << 3) | WireType.LengthDelimited;

/** The `type_id` and `message` of a kept item, or undefined when `entry` is not a well-formed item. */
function readItem(entry: Uint8Array): { typeId: number; message: Uint8Array } | undefined {
  const r = new BinaryReader(entry);
  if (r.uint32() !== ITEM_START) return undefined;
  let typeId: number | undefined;
  let message: Uint8Array | undefined;
  while (r.pos < r.len) {
    const tag = r.uint32();
    if (tag === ITEM_END) break;
    if (tag === TYPE_ID) typeId = r.uint32();
    else if (tag === MESSAGE) {
      const end = r.delimited();
      message = entry.subarray(r.pos, end);
      r.pos = end;
    } else r.skip(tag, 1);
  }
  return typeId === undefined || message === undefined ? undefined : { typeId, message };
}

/** The items of `set` for extension number `typeId`. */
export function itemsOf(set: UnknownFields, typeId: number): Uint8Array[] {
  return set.$unknown?.filter((entry) => readItem(entry)?.typeId === typeId) ?? [];
}

/** The value of the extension `typeId` of `set`, decoding (and merging) its items' messages. */
export function readItems(set: UnknownFields, typeId: number, type: MessageType): unknown {
  let value: unknown;
  for (const entry of set.$unknown ?? []) {
    const item = readItem(entry);
    if (item === undefined || item.typeId !== typeId) continue;
    value = type.decodeFrom(new BinaryReader(item.message), item.message.length, 1, value);
  }
  return value;
}

/** One item holding `value` (a `type` message) as extension `typeId`. */
export function writeItem(typeId: number, type: MessageType, value: unknown): Uint8Array {
  const w = new BinaryWriter();
  w.uint32(ITEM_START).uint32(TYPE_ID).uint32(typeId).uint32(MESSAGE).fork();
  type.encodeTo(value, w);
  return w.join().uint32(ITEM_END).finish();
}
