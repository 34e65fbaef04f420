import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { BinaryReader, sharedReader } from "./binary-reader.ts";
import { BinaryWriter } from "./binary-writer.ts";
import { ProtobufError } from "./protobuf-error.ts";

const bytes = (h: string) => new Uint8Array(Buffer.from(h.replace(/ /g, ""), "hex"));
const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ProtobufError);
    return (e as ProtobufError).code;
  }
  throw new Error("did not throw");
};

describe("BinaryReader", () => {
  test("round-trips every scalar written by BinaryWriter", () => {
    const i64 = fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n });
    const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
    fc.assert(
      fc.property(fc.integer(), fc.nat(), i64, u64, i64, u64, i64, fc.double(), fc.boolean(), fc.uint8Array(), (i32, u32, a, b, c, d, e, dbl, bool, raw) => {
        const w = new BinaryWriter(1)
          .int32(i32).uint32(u32).sint32(i32).fixed32(u32).sfixed32(i32)
          .int64(a).uint64(b).sint64(c).fixed64(d).sfixed64(e).double(dbl).bool(bool).bytes(raw);
        const r = new BinaryReader(w.finish());
        expect([r.int32(), r.uint32(), r.sint32(), r.fixed32(), r.sfixed32()]).toEqual([i32, u32, i32, u32, i32]);
        expect([r.int64(), r.uint64(), r.sint64(), r.fixed64(), r.sfixed64()]).toEqual([a, b, c, d, e]);
        expect(r.double()).toBe(dbl);
        expect(r.bool()).toBe(bool);
        expect(r.bytes()).toEqual(raw);
        expect(r.pos).toBe(r.len);
      }),
      { numRuns: 300 },
    );
  });

  test("bytes(): short values are copies; a long one is a view only when it is most of the input's buffer", () => {
    const input = bytes("02 0102");
    const out = new BinaryReader(input).bytes();
    expect([...out]).toEqual([1, 2]);
    input[1] = 9;
    expect([...out]).toEqual([1, 2]);
    const whole = new BinaryWriter().bytes(new Uint8Array(4000).fill(7)).finish();
    const view = new BinaryReader(whole).bytes();
    expect(view.buffer).toBe(whole.buffer);
    const chunk = new Uint8Array(64 * 1024);
    chunk.set(whole, 100);
    const inChunk = new BinaryReader(chunk.subarray(100, 100 + whole.length)).bytes();
    expect(inChunk.buffer).not.toBe(chunk.buffer);
    expect(inChunk.length).toBe(4000);
    expect(inChunk.every((b) => b === 7)).toBe(true);
  });

  test("truncated input throws `truncated` for every read", () => {
    expect(code(() => new BinaryReader(bytes("")).uint32())).toBe("truncated");
    expect(code(() => new BinaryReader(bytes("80")).uint32())).toBe("truncated");
    expect(code(() => new BinaryReader(bytes("ffffffff")).int64())).toBe("truncated");
    expect(code(() => new BinaryReader(bytes("010203")).fixed32())).toBe("truncated");
    expect(code(() => new BinaryReader(bytes("01020304050607")).double())).toBe("truncated");
    expect(code(() => new BinaryReader(bytes("0561")).string())).toBe("truncated");
    expect(code(() => new BinaryReader(bytes("")).bool())).toBe("truncated");
  });

  test("a huge declared length is rejected before allocating", () => {
    // length 2^32-1 with 1 byte of payload
    expect(code(() => new BinaryReader(bytes("ffffffff0f 00")).bytes())).toBe("truncated");
  });

  test("varints longer than 10 bytes are invalid", () => {
    expect(code(() => new BinaryReader(bytes("ffffffffffffffffffff01")).uint32())).toBe("invalid_varint");
    expect(code(() => new BinaryReader(bytes("ffffffffffffffffffff01")).int64())).toBe("invalid_varint");
  });

  test("skip() handles every wire type including nested groups", () => {
    // field 1 varint, field 2 fixed64, field 3 bytes, field 4 group { field 5 fixed32, group 6 {} }, field 7 varint
    const input = bytes("08 96 01 11 0102030405060708 1a 02 aabb 23 2d 01020304 33 34 24 38 05");
    const r = new BinaryReader(input);
    for (let i = 0; i < 4; i++) r.skip(r.uint32());
    expect(r.uint32()).toBe(0x38);
    expect(r.uint32()).toBe(5);
  });

  test("skip() rejects bad wire types, field 0, mismatched end groups", () => {
    expect(code(() => new BinaryReader(bytes("00")).skip(0))).toBe("invalid_wire_type");
    expect(code(() => new BinaryReader(bytes("")).skip((1 << 3) | 6))).toBe("invalid_wire_type");
    expect(code(() => new BinaryReader(bytes("")).skip((1 << 3) | 4))).toBe("invalid_wire_type");
    expect(code(() => { const r = new BinaryReader(bytes("2c")); r.skip(0x23); })).toBe("invalid_wire_type");
    expect(code(() => { const r = new BinaryReader(bytes("0801")); r.skip(0x23); })).toBe("truncated");
  });

  test("deeply nested groups hit the depth limit instead of the stack", () => {
    const input = new Uint8Array(5000).fill(0x0b); // start group 1, forever
    expect(code(() => { const r = new BinaryReader(input); r.skip(r.uint32()); })).toBe("depth_exceeded");
  });

  test("garbage never hangs: random input either decodes or throws ProtobufError", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (input) => {
        const r = new BinaryReader(input);
        try {
          while (r.pos < r.len) r.skip(r.uint32());
        } catch (e) {
          expect(e).toBeInstanceOf(ProtobufError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

test("sharedReader starts every input from scratch, also after a read failed midway", () => {
  const r = sharedReader(bytes("96 01 05"));
  expect(r.uint32()).toBe(150);
  expect(code(() => sharedReader(bytes("0561")).string())).toBe("truncated");
  const again = sharedReader(bytes("08"));
  expect(again).toBe(r);
  expect([again.pos, again.len, again.uint32()]).toEqual([0, 1, 8]);
});

test("a reader over a range reads only that range; a range outside the input is a RangeError", () => {
  const input = bytes("ff 08 96 01 ff");
  const r = sharedReader(input, 1, 4);
  expect(r.uint32()).toBe(8);
  expect(r.uint32()).toBe(150);
  expect(r.pos).toBe(r.len);
  expect(code(() => new BinaryReader(input, 2, 3).skip(0x0a))).toBe("truncated"); // a length running past the range
  expect(() => new BinaryReader(input, 3, 2)).toThrow(RangeError);
  expect(() => sharedReader(input, 0, 6)).toThrow(RangeError);
  expect(() => sharedReader(input, -1, 2)).toThrow(RangeError);
});
