/**
 * Extensions: typed constants over the extended message's `$unknown`, so their values survive
 * decode and re-encode with no registry, and JSON names them `"[full.name]"` through one.
 */
import { describe, expect, test } from "bun:test";
import { BinaryWriter, clearExtension, createRegistry, getExtension, hasExtension, setExtension, WireType } from "@strand/protobuf";
import { extra, Legacy } from "./golden/acme/legacy/v1/legacy.ts";

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
