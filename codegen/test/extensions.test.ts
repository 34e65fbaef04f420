/**
 * Extensions: typed constants over the extended message's `$unknown`, so their values survive
 * decode and re-encode with no registry, and JSON names them `"[full.name]"` through one.
 */
import { describe, expect, test } from "bun:test";
import { BinaryWriter, clearExtension, createRegistry, getExtension, hasExtension, setExtension, WireType } from "@strand/protobuf";
import { join } from "node:path";
import { extra, Legacy } from "./golden/acme/legacy/v1/legacy.ts";
import { Bag, Note, Note_noteInBag } from "./golden/acme/legacy/v1/message_set.ts";

describe("extensions", () => {
  test("get / set / has / clear, stored with the unknown fields and written on the wire as field 100", () => {
    const m = Legacy.create({ name: "n" });
    expect(hasExtension(m, extra)).toBe(false);
    expect(getExtension(m, extra)).toBeUndefined();
    setExtension(m, extra, "hello");
    expect(hasExtension(m, extra)).toBe(true);
    expect(getExtension(m, extra)).toBe("hello");
    const bytes = Legacy.encode(m);
    expect(bytes).toEqual(new Uint8Array([...Legacy.encode(Legacy.create({ name: "n" })), ...new BinaryWriter().tag(100, WireType.LengthDelimited).string("hello").finish()]));
    // Decoded without any registry, the value is there.
    const decoded = Legacy.decode(bytes);
    expect(getExtension(decoded, extra)).toBe("hello");
    setExtension(decoded, extra, "again"); // replaces
    expect(getExtension(Legacy.decode(Legacy.encode(decoded)), extra)).toBe("again");
    clearExtension(decoded, extra);
    expect(hasExtension(decoded, extra)).toBe(false);
    expect(decoded.$unknown).toBeUndefined();
    expect(Legacy.encode(decoded)).toEqual(Legacy.encode(Legacy.create({ name: "n" })));
  });

  test("a value that occurs twice on the wire: the last wins", () => {
    const twice = new BinaryWriter().tag(1, WireType.LengthDelimited).string("n").tag(100, WireType.LengthDelimited).string("a").tag(100, WireType.LengthDelimited).string("b").finish();
    expect(getExtension(Legacy.decode(twice), extra)).toBe("b");
  });

  test("JSON: [full.name] keys through a registry made from the file's message types; without one, an unknown key", () => {
    const registry = createRegistry(Legacy);
    const m = Legacy.create({ name: "n" });
    setExtension(m, extra, "x");
    const json = Legacy.toJson(m, { registry });
    expect(json).toEqual({ name: "n", "[acme.legacy.v1.extra]": "x" });
    expect(Legacy.toJson(m)).toEqual({ name: "n" }); // no registry: left out, like unknown fields
    const back = Legacy.fromJsonString(JSON.stringify(json), { registry });
    expect(getExtension(back, extra)).toBe("x");
    expect(() => Legacy.fromJson(json)).toThrow(/unknown field "\[acme.legacy.v1.extra\]"/);
    expect(() => Legacy.fromJson({ "[acme.legacy.v1.extra]": 5 }, { registry })).toThrow(/invalid string value 5 \(extension acme.legacy.v1.extra\)/);
  });
});

describe("MessageSet (message_set_wire_format): extensions travel as items", () => {
  const item = (typeId: number, message: Uint8Array): Uint8Array =>
    new BinaryWriter().tag(1, WireType.StartGroup).tag(2, WireType.Varint).uint32(typeId).tag(3, WireType.LengthDelimited).bytes(message).tag(1, WireType.EndGroup).finish();

  test("set / get / has / clear, written as group 1 { type_id = 2; message = 3 }", () => {
    const bag = Bag.create();
    expect(hasExtension(bag, Note_noteInBag)).toBe(false);
    setExtension(bag, Note_noteInBag, Note.create({ text: "hi" }));
    expect(Bag.encode(bag)).toEqual(item(1000, Note.encode(Note.create({ text: "hi" }))));
    const back = Bag.decode(Bag.encode(bag));
    expect(hasExtension(back, Note_noteInBag)).toBe(true);
    expect(getExtension(back, Note_noteInBag)).toEqual(Note.create({ text: "hi" }));
    clearExtension(back, Note_noteInBag);
    expect(Bag.encode(back)).toEqual(new Uint8Array(0));
  });

  test("items in either field order, repeated items merged, other type ids left alone", () => {
    const reversed = new BinaryWriter().tag(1, WireType.StartGroup).tag(3, WireType.LengthDelimited).bytes(Note.encode(Note.create({ text: "a" }))).tag(2, WireType.Varint).uint32(1000).tag(1, WireType.EndGroup).finish();
    const other = item(2000, new Uint8Array([8, 1]));
    const bag = Bag.decode(new Uint8Array([...reversed, ...other, ...item(1000, new Uint8Array(0))]));
    expect(getExtension(bag, Note_noteInBag)).toEqual(Note.create({ text: "a" }));
    clearExtension(bag, Note_noteInBag);
    expect(bag.$unknown).toEqual([other]);
  });

  test("JSON names it like any extension; protoc reads our bytes as the extension", () => {
    const bag = Bag.create();
    setExtension(bag, Note_noteInBag, Note.create({ text: "hi" }));
    const registry = createRegistry(Bag);
    expect(Bag.toJson(bag, { registry })).toEqual({ "[acme.legacy.v1.Note.note_in_bag]": { text: "hi" } });
    expect(getExtension(Bag.fromJson({ "[acme.legacy.v1.Note.note_in_bag]": { text: "x" } }, { registry }), Note_noteInBag)).toEqual(Note.create({ text: "x" }));
    const protoc = Bun.which("protoc");
    if (protoc === null) return;
    const out = Bun.spawnSync([protoc, "-I", join(import.meta.dir, "protos"), "--decode=acme.legacy.v1.Bag", "acme/legacy/v1/message_set.proto"], { stdin: Bag.encode(bag), cwd: join(import.meta.dir, "protos") });
    // protoc's text format names a MessageSet extension by its message type.
    expect(out.stdout.toString()).toBe('[acme.legacy.v1.Note] {\n  text: "hi"\n}\n');
  });
});
