/**
 * Byte compatibility with protobufjs (reflection), both directions, as fast-check properties:
 * `decode(protobufjs.encode(x))` equals `x`, and protobufjs decodes `encode(x)` to what it makes of
 * `x` itself.
 */
import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { BinaryWriter, type MessageType, ProtobufError, WireType } from "@strand/protobuf";
import { Currency, Money } from "./golden/acme/common/v1/money.ts";
import { Legacy, Legacy_Result } from "./golden/acme/legacy/v1/legacy.ts";
import { Order, Order_Line, ReservedWords, Scalars, UploadResult } from "./golden/acme/shop/v1/shop.ts";
import { Test } from "./golden/bench/bench.ts";
import { Struct, Value } from "./golden/google/protobuf/struct.ts";
import { messageArbitrary } from "./support/arbitrary.ts";
import { loadPbjs, TO_OBJECT, toPbInit } from "./support/pbjs.ts";

const root = loadPbjs(["acme/shop/v1/shop.proto", "acme/legacy/v1/legacy.proto", "bench/bench.proto"]);

function compatible<T>(type: MessageType<T>, runs: number, unknownEnums = true): void {
  const pb = root.lookupType(type.typeName);
  fc.assert(
    fc.property(messageArbitrary(type, { unknownEnums, excludeKeys: ["__proto__"] }), (x) => {
      const ours = type.encode(x);
      expect(type.decode(ours)).toEqual(x);
      // Appended after other bytes (the sink grows), and decoded in place from among other bytes.
      const sink = { bytes: new Uint8Array([7, 7, 7]), length: 2 };
      type.encodeAppend(x, sink);
      expect(sink.bytes.subarray(0, sink.length)).toEqual(new Uint8Array([7, 7, ...ours]));
      expect(type.decodeRange(new Uint8Array([9, 9, 9, ...ours, 9]), 3, 3 + ours.length)).toEqual(x);
      const theirs = pb.encode(pb.fromObject(toPbInit(type as MessageType, x as object))).finish();
      expect(type.decode(theirs)).toEqual(x);
      expect(pb.toObject(pb.decode(ours), TO_OBJECT)).toEqual(pb.toObject(pb.decode(theirs), TO_OBJECT));
    }),
    { numRuns: runs },
  );
}

describe("byte compatibility with protobufjs reflection", () => {
  test("every scalar: singular, optional, packed, unpacked", () => compatible(Scalars, 150));
  test("nested messages, maps of every key kind, oneofs, wrappers, well-known types", () => compatible(Order, 100));
  test("cross-package types", () => compatible(Money, 50));
  test("proto2: required, defaults, closed enums", () => compatible(Legacy, 100, false));
  test("the benchmark message", () => compatible(Test, 100));
  test("Struct and Value", () => {
    compatible(Struct, 50);
    compatible(Value, 50);
  });
});

describe("create", () => {
  test("accepts partial messages at every depth — alone, in lists, as map values and oneof values — and makes them whole", () => {
    const o = Order.create({
      total: { units: 5n },
      lines: [{ sku: "a" }],
      linesByNumber: { 1: { quantity: 2 } },
      payment: { case: "voucher", value: { nanos: 1 } },
    });
    expect(o.total).toEqual(Money.create({ units: 5n }));
    expect(o.lines).toEqual([Order_Line.create({ sku: "a" })]);
    expect(o.linesByNumber[1]).toEqual(Order_Line.create({ quantity: 2 }));
    expect(o.payment).toEqual({ case: "voucher", value: Money.create({ nanos: 1 }) });
    expect(Order.decode(Order.encode(o))).toEqual(o);
    // A misspelled field is still an error at any depth (checked by tsc).
    // @ts-expect-error `unit` is not a field of Money
    Order.create({ total: { unit: 5n } });
    // @ts-expect-error a oneof value of the wrong member type
    Order.create({ payment: { case: "cardToken", value: { units: 1n } } });
  });
});

describe("decoding", () => {
  test("an unknown enum value is preserved as a number", () => {
    const m = Money.decode(Money.encode(Money.create({ currency: 77 as number as Currency })));
    expect(m.currency as number).toBe(77);
    expect(Money.toJson(m)).toEqual({ currency: 77 });
  });

  test("a proto2 group is a message between START_GROUP and END_GROUP: read, merged, written back; unknown fields inside it kept", () => {
    const group = (url: string, extra: Uint8Array = new Uint8Array(0)): Uint8Array =>
      new Uint8Array([...new BinaryWriter().tag(10, WireType.StartGroup).tag(11, WireType.LengthDelimited).string(url).finish(), ...extra, ...new BinaryWriter().tag(10, WireType.EndGroup).finish()]);
    const unknownInside = new BinaryWriter().tag(99, WireType.Varint).int32(5).finish();
    const bytes = new Uint8Array([...Legacy.encode(Legacy.create({ name: "n", count: 7 })), ...group("u", unknownInside)]);
    const m = Legacy.decode(bytes);
    expect(m.name).toBe("n");
    expect(m.count).toBe(7);
    expect(m.result).toEqual(Legacy_Result.create({ url: "u", $unknown: [unknownInside] }));
    expect(m.$unknown).toBeUndefined();
    expect(Legacy.encode(m)).toEqual(bytes);
    // A group occurring twice is merged like any message field.
    const named = Legacy.encode(Legacy.create({ name: "n" }));
    const twice = Legacy.decode(new Uint8Array([...named, ...group("a"), ...group("b", unknownInside)]));
    expect(twice.result).toEqual(Legacy_Result.create({ url: "b", $unknown: [unknownInside] }));
    // A group whose END_GROUP names another field, or that never ends, is malformed.
    const mismatched = new BinaryWriter().tag(10, WireType.StartGroup).tag(11, WireType.EndGroup).finish();
    expect(() => Legacy.decode(mismatched)).toThrow(/end group 11 does not match group 10/);
    expect(() => Legacy.decode(group("u").subarray(0, 4))).toThrow(/group 10 has no END_GROUP/);
  });

  test("proto2 required: decoding bytes without it, or encoding a message without it, fails and names the field", () => {
    expect(() => Legacy.decode(new Uint8Array(0))).toThrow(/\[missing_required\] required field missing: acme.legacy.v1.Legacy.name/);
    expect(() => Legacy.decode(Legacy.encode(Legacy.create({ count: 1 })).subarray(2))).toThrow(ProtobufError);
    // Inside a nested message too: the child Legacy lacks its name.
    const child = new BinaryWriter().tag(1, WireType.LengthDelimited).string("n").tag(12, WireType.LengthDelimited).fork().tag(2, WireType.Varint).int32(1).join().finish();
    expect(() => Legacy.decode(child)).toThrow(/required field missing: acme.legacy.v1.Legacy.name/);
    // Present but empty is present.
    expect(Legacy.decode(Legacy.encode(Legacy.create({ name: "" }))).name).toBe("");
    // Merging a second occurrence of a message that had it: still present.
    const inner = (fields: Uint8Array): Uint8Array => new BinaryWriter().tag(1, WireType.LengthDelimited).string("p").tag(12, WireType.LengthDelimited).bytes(fields).finish();
    const merged = Legacy.decode(new Uint8Array([...inner(Legacy.encode(Legacy.create({ name: "kid" }))), ...inner(new BinaryWriter().tag(2, WireType.Varint).int32(3).finish())]));
    expect(merged.child).toEqual(Legacy.create({ name: "kid", count: 3 }));
    // Encoding refuses a message whose required field is missing (a JavaScript caller, or `as` casts).
    expect(() => Legacy.encode({ ...Legacy.create({}), name: undefined } as unknown as Legacy)).toThrow(/required field missing: acme.legacy.v1.Legacy.name/);
  });

  test("unknown fields of every wire type are kept in order and written back after the known fields", () => {
    // UploadResult's only field (1, uint64) arrives with another wire type: unknown like the rest.
    // Varint, 64-bit, length-delimited, group, 32-bit: all kept, in their order, byte for byte.
    const strange = new BinaryWriter()
      .tag(9, WireType.Varint).uint64(1n << 63n)
      .tag(1, WireType.LengthDelimited).string("x")
      .tag(7, WireType.Bit64).fixed64(5n)
      .tag(3, WireType.StartGroup).tag(1, WireType.Varint).int32(1).tag(3, WireType.EndGroup)
      .tag(8, WireType.Bit32).fixed32(6)
      .finish();
    const u = UploadResult.decode(strange);
    expect(u.size).toBe(0n);
    expect(u.$unknown).toHaveLength(5);
    expect(UploadResult.encode(u)).toEqual(strange);
    // A known field set alongside: the known one first, then the unknown ones as they came.
    const withKnown = UploadResult.encode({ ...u, size: 3n });
    expect(withKnown).toEqual(new Uint8Array([...new BinaryWriter().tag(1, WireType.Varint).uint64(3n).finish(), ...strange]));
    // They are copies: the input buffer can be reused without changing the message.
    strange.fill(0);
    expect(UploadResult.encode(u)).not.toEqual(strange);
    // JSON has no place for them.
    expect(UploadResult.toJson(u)).toEqual({});
  });

  test("a message field that occurs more than once is merged, not replaced (singular, oneof member); a repeated map key takes the last entry", () => {
    const concat = (...parts: Uint8Array[]): Uint8Array => new Uint8Array(parts.flatMap((p) => [...p]));
    const first = Order.encode(Order.create({
      total: Money.create({ units: 5n }),
      payment: { case: "voucher", value: Money.create({ currency: 1 as Currency }) },
      linesByNumber: { 1: Order_Line.create({ sku: "a", unitPrice: Money.create({ nanos: 7 }) }) },
    }));
    const second = Order.encode(Order.create({
      total: Money.create({ nanos: 9 }),
      payment: { case: "voucher", value: Money.create({ units: 3n }) },
      linesByNumber: { 1: Order_Line.create({ quantity: 2 }) },
    }));
    const m = Order.decode(concat(first, second));
    expect(m.total).toEqual(Money.create({ units: 5n, nanos: 9 }));
    expect(m.payment).toEqual({ case: "voucher", value: Money.create({ currency: 1 as Currency, units: 3n }) });
    // Two entries with one key: the last entry wins whole (as in protoc's runtime).
    expect(m.linesByNumber[1]).toEqual(Order_Line.create({ quantity: 2 }));
    // A different oneof member in between starts over.
    const card = Order.encode(Order.create({ payment: { case: "cardToken", value: "t" } }));
    expect(Order.decode(concat(first, card, second)).payment).toEqual({ case: "voucher", value: Money.create({ units: 3n }) });
  });

  test("packed and unpacked encodings of a repeated field are both accepted", () => {
    const packed = Scalars.encode(Scalars.create({ rInt32: [1, -2, 3] }));
    const unpacked = Scalars.encode(Scalars.create({ rUnpacked: [1, -2, 3] }));
    expect(Scalars.decode(packed).rInt32).toEqual([1, -2, 3]);
    expect(Scalars.decode(unpacked).rUnpacked).toEqual([1, -2, 3]);
    expect(unpacked.length).toBeGreaterThan(packed.length);
    // Field 43 sent unpacked (wire type 0) and field 56 sent packed (wire type 2).
    const swapped = new BinaryWriter().uint32(43 << 3).int32(5).uint32((56 << 3) | 2).bytes(new Uint8Array([1, 2])).finish();
    const d = Scalars.decode(swapped);
    expect(d.rInt32).toEqual([5]);
    expect(d.rUnpacked).toEqual([1, 2]);
  });

  test("reserved-word fields round-trip", () => {
    const x = ReservedWords.create({ constructor$: "c", Proto: "p", delete: 3, toString$: "t", function: { case: "new", value: "n" } });
    const y = ReservedWords.decode(ReservedWords.encode(x));
    expect(y).toEqual(x);
    expect(Object.getPrototypeOf(y)).toBe(Object.prototype);
    expect(ReservedWords.toJson(y)).toEqual({ constructor: "c", Proto: "p", delete: 3, toString: "t", new: "n" });
    expect(ReservedWords.fromJson({ constructor: "c", Proto: "p", delete: 3, toString: "t", new: "n" })).toEqual(x);
  });

  test('a map key "__proto__" decodes to an own entry, not a prototype', () => {
    const labels: { [key: string]: string } = {};
    Object.defineProperty(labels, "__proto__", { value: "x", enumerable: true, writable: true, configurable: true });
    const decoded = Order.decode(Order.encode(Order.create({ labels })));
    expect(Object.keys(decoded.labels)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(decoded.labels)).toBe(Object.prototype);
    expect(Order.toJson(decoded)).toEqual(JSON.parse('{"labels":{"__proto__":"x"}}'));
  });

  test("truncated and garbage input throws ProtobufError, never hangs", () => {
    const bytes = Order.encode(Order.create({ id: "order-1", lines: [{ sku: "a", quantity: 2, unitPrice: undefined }], labels: { a: "b" } }));
    let thrown = 0;
    for (let i = 1; i < bytes.length; i++) {
      // A cut at a field boundary is a valid (shorter) message; anywhere else it must throw.
      try {
        Order.decode(bytes.subarray(0, i));
      } catch (e) {
        expect(e).toBeInstanceOf(ProtobufError);
        thrown++;
      }
    }
    expect(thrown).toBeGreaterThan(bytes.length / 2);
    expect(() => Order.decode(bytes.subarray(0, bytes.length - 1))).toThrow(ProtobufError);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (junk) => {
        try {
          Order.decode(junk);
        } catch (e) {
          expect(e).toBeInstanceOf(ProtobufError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  test("self-nesting beyond the depth limit is rejected", () => {
    let m = Order.create();
    for (let i = 0; i < 150; i++) m = Order.create({ parent: m });
    expect(() => Order.encode(m)).toThrow(/nested deeper/);
    let bytes: Uint8Array = new Uint8Array(0);
    for (let i = 0; i < 120; i++) bytes = new BinaryWriter().uint32((24 << 3) | 2).bytes(bytes).finish();
    expect(() => Order.decode(bytes)).toThrow(/deeper than 100/);
  });
});

test("unset bytes fields share one frozen empty array; short set ones are copies of the input", () => {
  const empty = Scalars.decode(new Uint8Array(0));
  expect(empty.fBytes.length).toBe(0);
  expect(Object.isFrozen(empty.fBytes)).toBe(true);
  expect(Scalars.create().fBytes).toBe(empty.fBytes);
  const bytes = Scalars.encode({ ...Scalars.create(), fBytes: new Uint8Array([1, 2, 3]) });
  const decoded = Scalars.decode(bytes);
  expect([...decoded.fBytes]).toEqual([1, 2, 3]);
  bytes.fill(0);
  expect([...decoded.fBytes]).toEqual([1, 2, 3]);
});
