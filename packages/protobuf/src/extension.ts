/**
 * Extensions: fields of a message declared outside it (proto2 `extend`, editions). Generated code
 * exports one {@link Extension} per declaration; their values live where every field the
 * message's own code does not know lives — its `$unknown` — so decoding, re-encoding and passing
 * a message on keep them with no registry at all, and these functions read and write them there.
 * JSON needs a registry that knows the extension (`createRegistry`): keys are `"[full.name]"`.
 */
import { BinaryReader } from "./binary-reader.ts";
import { BinaryWriter } from "./binary-writer.ts";
import { endGroup, groupEnd } from "./groups.ts";
import { itemsOf, readItems, writeItem } from "./message-set.ts";
import type { EnumFieldInfo, MessageFieldInfo, MessageType, ScalarFieldInfo } from "./message-type.ts";
import { readScalar, scalarWireType, writeScalar } from "./scalar-wire.ts";
import type { UnknownFields } from "./unknown-fields.ts";
import { WireType } from "./wire-type.ts";

/** A generated extension of messages `E` whose value is `V` (an array for repeated extensions). */
export interface Extension<E extends UnknownFields = UnknownFields, V = unknown> {
  /** Full name of the extension, e.g. `"acme.v1.priority"`; its JSON key is `"[acme.v1.priority]"`. */
  readonly typeName: string;
  /** Full name of the message it extends. */
  readonly extendee: string;
  /** The field: number, kind, element type, `repeated`. */
  readonly field: ScalarFieldInfo | EnumFieldInfo | MessageFieldInfo;
  /** Repeated scalars are written packed. */
  readonly packed?: boolean;
  /** A message value is written as a group (START_GROUP … END_GROUP). */
  readonly delimited?: boolean;
  /** The extendee is a MessageSet: the value travels as an item (message-set.ts). */
  readonly messageSet?: boolean;
  /** Type-level only, never set: ties the extension to its extendee and value types. */
  readonly types?: { readonly extendee: E; readonly value: V };
}

/** The value of `ext` on `message`: `undefined` when unset (a repeated extension: `[]`). */
export function getExtension<E extends UnknownFields, V>(message: E, ext: Extension<E, V>): V | undefined {
  const f = ext.field;
  if (ext.messageSet === true && f.kind === "message") return readItems(message, f.no, f.type()) as V | undefined;
  const values: unknown[] = [];
  let merged: unknown;
  for (const entry of entriesOf(message, f.no)) {
    const r = new BinaryReader(entry);
    while (r.pos < r.len) {
      const tag = r.uint32();
      if (tag >>> 3 !== f.no) {
        r.skip(tag);
        continue;
      }
      if (f.kind === "message") {
        // Repeated: each occurrence is an element. Singular: occurrences merge, as for any field.
        if (f.repeated === true) values.push(readMessage(r, f.type(), tag, undefined));
        else merged = readMessage(r, f.type(), tag, merged);
      } else if ((tag & 7) === WireType.LengthDelimited && scalarWireType(elementType(f)) !== WireType.LengthDelimited) {
        const end = r.delimited();
        while (r.pos < end) values.push(readScalar(r, elementType(f)));
      } else {
        values.push(readScalar(r, elementType(f)));
      }
    }
  }
  if (f.repeated === true) return values as V;
  if (f.kind === "message") return merged as V | undefined;
  return values.length === 0 ? undefined : (values[values.length - 1] as V); // the last one wins
}

/** Whether `message` holds a value of `ext`. */
export function hasExtension<E extends UnknownFields>(message: E, ext: Extension<E>): boolean {
  if (ext.messageSet === true) return itemsOf(message, ext.field.no).length > 0;
  return entriesOf(message, ext.field.no).length > 0;
}

/** Sets `ext` on `message` (replacing what was there); `undefined` clears it. */
export function setExtension<E extends UnknownFields, V>(message: E, ext: Extension<E, V>, value: V | undefined): void {
  clearExtension(message, ext);
  if (value === undefined) return;
  const f = ext.field;
  if (ext.messageSet === true && f.kind === "message") {
    (message.$unknown ??= []).push(writeItem(f.no, f.type(), value));
    return;
  }
  const w = new BinaryWriter();
  const values = f.repeated === true ? (value as readonly unknown[]) : [value];
  if (values.length === 0) return;
  if (ext.packed === true && f.kind !== "message") {
    w.tag(f.no, WireType.LengthDelimited).fork();
    for (const v of values) writeScalar(w, elementType(f), v);
    w.join();
  } else {
    for (const v of values) writeOne(w, ext, v);
  }
  (message.$unknown ??= []).push(w.finish());
}

/** Removes every value of `ext` from `message`. */
export function clearExtension<E extends UnknownFields>(message: E, ext: Extension<E>): void {
  const unknown = message.$unknown;
  if (unknown === undefined) return;
  const drop = new Set(ext.messageSet === true ? itemsOf(message, ext.field.no) : entriesOf(message, ext.field.no));
  const kept = unknown.filter((entry) => !drop.has(entry));
  if (kept.length === 0) delete message.$unknown;
  else message.$unknown = kept;
}

function writeOne(w: BinaryWriter, ext: Extension, value: unknown): void {
  const f = ext.field;
  if (f.kind !== "message") {
    w.tag(f.no, scalarWireType(elementType(f)));
    writeScalar(w, elementType(f), value);
  } else if (ext.delimited === true) {
    w.tag(f.no, WireType.StartGroup);
    f.type().encodeTo(value, w);
    w.tag(f.no, WireType.EndGroup);
  } else {
    w.tag(f.no, WireType.LengthDelimited).fork();
    f.type().encodeTo(value, w);
    w.join();
  }
}

function readMessage(r: BinaryReader, type: MessageType, tag: number, into: unknown): unknown {
  if ((tag & 7) === WireType.StartGroup) return endGroup(r, type.decodeFrom(r, groupEnd(r, tag, 0), 1, into), tag);
  return type.decodeFrom(r, r.delimited(), 1, into);
}

function elementType(f: ScalarFieldInfo | EnumFieldInfo): ScalarFieldInfo["type"] {
  return f.kind === "enum" ? "int32" : f.type;
}

function entriesOf(message: UnknownFields, no: number): Uint8Array[] {
  return message.$unknown?.filter((entry) => fieldNumberOf(entry) === no) ?? [];
}

/** The field number of a kept unknown field (its first tag). */
function fieldNumberOf(entry: Uint8Array): number {
  return new BinaryReader(entry).uint32() >>> 3;
}
