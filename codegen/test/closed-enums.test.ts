/**
 * proto2 and editions features in decoding: a closed enum (proto2 `Legacy.Kind`) keeps numbers
 * that are no member as unknown fields — singular, repeated, packed, map values and oneofs alike —
 * and writes them back, so nothing is lost (checked against protoc's raw decoding); strings must
 * be UTF-8 where the file says so (proto3, editions' default) and are read leniently in proto2.
 */
import { expect, test } from "bun:test";
import { BinaryWriter, ProtobufError } from "strand/protobuf";
import { Legacy, Legacy_Kind, Legacy_Level } from "./golden/acme/legacy/v1/legacy.ts";
import { Scalars } from "./golden/acme/shop/v1/shop.ts";

const protoc = Bun.which("protoc");

/** A Legacy with members and non-members of Kind in every position. */
function withStrangers(): Uint8Array {
  const w = new BinaryWriter();
  w.uint32(10).string("n"); // name (required)
  w.uint32(32).int32(7); // kind: no member
  w.uint32(112).int32(1).uint32(112).int32(9).uint32(112).int32(2); // kinds: 1, 9, 2 unpacked
  w.uint32(122).fork().int32(2).int32(8).int32(-3).int32(1).join(); // packed_kinds: 2, 8, -3, 1
  w.uint32(130).fork().uint32(10).string("a").uint32(16).int32(1).join(); // level_by_name a → 1
  w.uint32(130).fork().uint32(10).string("b").uint32(16).int32(5).join(); // b → 5: no member
  w.uint32(136).int32(6); // chosen: no member
  return w.finish();
}

test("numbers no member of a closed enum become unknown fields, and the members stay where they belong", () => {
  const m = Legacy.decode(withStrangers());
  expect(m.kind).toBeUndefined();
  expect(m.kinds).toEqual([Legacy_Kind.KIND_A, Legacy_Kind.KIND_B]);
  expect(m.packedKinds).toEqual([Legacy_Kind.KIND_B, Legacy_Kind.KIND_A]);
  expect(m.levelByName).toEqual({ a: Legacy_Level.LEVEL_LOW });
  expect(m.choice).toEqual({ case: undefined });
  // Encoded again and decoded, the same message: the strangers travel as unknown fields.
  const again = Legacy.encode(m);
  expect(Legacy.decode(again)).toEqual(m);
});

test("the unknown fields written back are the values that arrived (protoc --decode_raw)", () => {
  if (protoc === null) throw new Error("protoc is not installed (CI installs Debian's protobuf-compiler)");
  const bytes = Legacy.encode(Legacy.decode(withStrangers()));
  const raw = Bun.spawnSync([protoc, "--decode_raw"], { stdin: bytes, stdout: "pipe", stderr: "pipe" });
  expect(raw.exitCode).toBe(0);
  const text = raw.stdout.toString();
  expect(text).toContain("4: 7\n");
  expect(text).toContain("14: 9\n");
  expect(text).toContain("15: 8\n");
  expect(text).toContain("15: 18446744073709551613\n"); // -3, sign-extended as any int32 varint
  expect(text).toMatch(/16 \{\n\s+1: "b"\n\s+2: 5\n\}/);
  expect(text).toContain("17: 6\n");
});

test("proto3 strings must be UTF-8: invalid bytes are refused with invalid_utf8, a real U+FFFD is fine", () => {
  const bad = new BinaryWriter().uint32(114).bytes(new Uint8Array([0x68, 0xff, 0x69])).finish(); // field 14 (f_string)
  const field = Scalars.fields.find((f) => f.no === 14);
  expect(field?.kind === "scalar" && field.type === "string").toBe(true);
  let error: unknown;
  try {
    Scalars.decode(bad);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ProtobufError);
  expect((error as ProtobufError).code).toBe("invalid_utf8");
  const replacement = new BinaryWriter().uint32(114).bytes(new TextEncoder().encode("a\uFFFDb")).finish();
  expect(Scalars.decode(replacement).fString).toBe("a\uFFFDb");
});

test("proto2 strings are not checked (utf8_validation = NONE): bad bytes read as U+FFFD", () => {
  const w = new BinaryWriter();
  w.uint32(10).bytes(new Uint8Array([0x6e, 0xc3]));
  expect(Legacy.decode(w.finish()).name).toBe("n\uFFFD");
});
