/**
 * What one serialized `FileDescriptorProto` defines, read straight from its bytes (no descriptor
 * runtime): every fully-qualified name a reflection client may ask for — messages (nested and map
 * entries included), enums and their values (scoped beside the enum, as protobuf scopes them),
 * fields, oneofs, services, methods and extensions — and the extensions it declares.
 */
import { BinaryReader } from "@strand/protobuf";

/** One declared extension: the message it extends and its field number. */
export interface DeclaredExtension {
  /** Fully-qualified name of the extended message, without a leading dot. */
  readonly extendee: string;
  readonly number: number;
}

/** The names and extensions of one file. */
export interface FileSymbols {
  readonly symbols: readonly string[];
  readonly extensions: readonly DeclaredExtension[];
}

/** A message's fields: number → values in order (varints as numbers, length-delimited as ranges). */
type Fields = Map<number, Array<number | Uint8Array>>;

const WIRE_VARINT = 0;
const WIRE_LEN = 2;

/** Reads the fields of one message; nested messages stay bytes (views of `bytes`) until asked for. */
function fieldsOf(bytes: Uint8Array): Fields {
  const fields: Fields = new Map();
  const reader = new BinaryReader(bytes);
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    const number = tag >>> 3;
    let value: number | Uint8Array;
    if ((tag & 7) === WIRE_VARINT) value = reader.int32();
    else if ((tag & 7) === WIRE_LEN) {
      const end = reader.delimited();
      value = bytes.subarray(reader.pos, end);
      reader.pos = end;
    } else {
      reader.skip(tag);
      continue;
    }
    const list = fields.get(number);
    if (list === undefined) fields.set(number, [value]);
    else list.push(value);
  }
  return fields;
}

const decoder = new TextDecoder();

function text(fields: Fields, number: number): string {
  const value = fields.get(number)?.at(-1);
  return value instanceof Uint8Array ? decoder.decode(value) : "";
}

function messages(fields: Fields, number: number): Fields[] {
  return (fields.get(number) ?? []).filter((v): v is Uint8Array => v instanceof Uint8Array).map(fieldsOf);
}

function join(scope: string, name: string): string {
  return scope === "" ? name : `${scope}.${name}`;
}

/** The symbols and extensions of the `FileDescriptorProto` in `bytes` (throws `ProtobufError` on malformed bytes). */
export function fileSymbols(bytes: Uint8Array): FileSymbols {
  const file = fieldsOf(bytes);
  const symbols: string[] = [];
  const extensions: DeclaredExtension[] = [];
  const extension = (field: Fields, scope: string): void => {
    symbols.push(join(scope, text(field, 1)));
    const number = field.get(3)?.at(-1);
    if (typeof number === "number") extensions.push({ extendee: text(field, 2).replace(/^\./, ""), number });
  };
  const enumType = (e: Fields, scope: string): void => {
    symbols.push(join(scope, text(e, 1)));
    for (const value of messages(e, 2)) symbols.push(join(scope, text(value, 1)));
  };
  const message = (m: Fields, scope: string): void => {
    const name = join(scope, text(m, 1));
    symbols.push(name);
    for (const field of messages(m, 2)) symbols.push(join(name, text(field, 1)));
    for (const oneof of messages(m, 8)) symbols.push(join(name, text(oneof, 1)));
    for (const nested of messages(m, 3)) message(nested, name);
    for (const e of messages(m, 4)) enumType(e, name);
    for (const x of messages(m, 6)) extension(x, name);
  };
  const pkg = text(file, 2);
  for (const m of messages(file, 4)) message(m, pkg);
  for (const e of messages(file, 5)) enumType(e, pkg);
  for (const s of messages(file, 6)) {
    const name = join(pkg, text(s, 1));
    symbols.push(name);
    for (const method of messages(s, 2)) symbols.push(join(name, text(method, 1)));
  }
  for (const x of messages(file, 7)) extension(x, pkg);
  return { symbols, extensions };
}
