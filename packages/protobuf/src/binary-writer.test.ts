import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import protobuf from "protobufjs";
import { BinaryReader } from "./binary-reader.ts";
import { BinaryWriter } from "./binary-writer.ts";
import { ProtobufError } from "./protobuf-error.ts";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
/** protobufjs's Long class (from its `long` dependency); `Writer.int64(bigint)` would silently write 0. */
const Long = protobuf.util.Long as unknown as { fromString(s: string, unsigned: boolean): protobuf.Long };
const long = (v: bigint, unsigned: boolean) => Long.fromString(v.toString(), unsigned);
const i64 = fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n });
const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });

describe("BinaryWriter", () => {
  test("known encodings", () => {
    const w = new BinaryWriter(4);
    w.uint32(150).int32(-1).sint32(-2).bool(true).fixed32(1).double(1.5).string("hé");
    expect(hex(w.finish())).toBe("9601" + "ffffffffffffffffff01" + "03" + "01" + "01000000" + "000000000000f83f" + "0368c3a9");
  });

  test("matches protobufjs for 32-bit and 64-bit varints, zigzag and fixed", () => {
    fc.assert(
      fc.property(fc.integer(), fc.nat(), i64, u64, i64, u64, i64, fc.double(), fc.float(), (i32, u32, a, b, c, d, e, dbl, flt) => {
        const ours = new BinaryWriter(1)
          .int32(i32).uint32(u32).sint32(i32).fixed32(u32).sfixed32(i32)
          .int64(a).uint64(b).sint64(c).fixed64(d).sfixed64(e).double(dbl).float(flt).finish();
        const theirs = protobuf.Writer.create()
          .int32(i32).uint32(u32).sint32(i32).fixed32(u32).sfixed32(i32)
          .int64(long(a, false)).uint64(long(b, true)).sint64(long(c, false)).fixed64(long(d, true)).sfixed64(long(e, false))
          .double(dbl).float(flt).finish();
        expect(hex(ours)).toBe(hex(theirs));
      }),
      { numRuns: 300 },
    );
  });

  test("strings of any length and content match protobufjs / TextEncoder", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), (s) => {
        const ours = new BinaryWriter(2).string(s).finish();
        const r = new BinaryReader(ours);
        expect(r.string()).toBe(new TextDecoder().decode(new TextEncoder().encode(s)));
        expect(hex(ours)).toBe(hex(protobuf.Writer.create().string(s).finish()));
      }),
      { numRuns: 120 },
    );
  });

  test("fork/join back-patches short and long bodies, nested", () => {
    for (const size of [0, 1, 127, 128, 300, 20000]) {
      const body = new Uint8Array(size).fill(7);
      const w = new BinaryWriter(8).uint32(10).fork().uint32(18).fork().bytes(body).join().join();
      const theirs = protobuf.Writer.create().uint32(10).fork().uint32(18).fork().bytes(body).ldelim().ldelim().finish();
      expect(hex(w.finish())).toBe(hex(theirs));
    }
  });

  test("rejects out-of-range 64-bit values and unbalanced forks", () => {
    expect(() => new BinaryWriter().uint64(-1n)).toThrow(ProtobufError);
    expect(() => new BinaryWriter().int64(1n << 63n)).toThrow(/out of range for int64/);
    expect(() => new BinaryWriter().fixed64(1n << 64n)).toThrow(ProtobufError);
    expect(() => new BinaryWriter().join()).toThrow(/join\(\) without fork/);
    expect(() => new BinaryWriter().fork().finish()).toThrow(/unjoined/);
  });

  test("fork depth is bounded (cycles fail instead of overflowing the stack)", () => {
    const w = new BinaryWriter();
    expect(() => {
      for (let i = 0; i < 1000; i++) w.fork();
    }).toThrow(expect.objectContaining({ code: "depth_exceeded" }));
  });
});

test("large writes (uninitialized growth) return exactly the written bytes, as plain Uint8Arrays", () => {
  const w = new BinaryWriter(16);
  for (const size of [100_000, 1_200_000, 70_000]) {
    const payload = new Uint8Array(size).map((_, i) => (i * 7 + size) & 0xff);
    const out = w.reset().uint32(10).bytes(payload).finish();
    expect(Object.getPrototypeOf(out)).toBe(Uint8Array.prototype);
    const r = new BinaryReader(out);
    expect(r.uint32()).toBe(10);
    expect(Buffer.compare(r.bytes(), payload)).toBe(0);
    expect(r.pos).toBe(out.length);
  }
  const small = w.reset().uint32(8).uint32(1).finish();
  expect([...small]).toEqual([8, 1]);
});
