/**
 * Proto3 canonical JSON of generated messages: known strings for every special form, round trips
 * through `JSON.stringify`/`JSON.parse` as properties, and clear errors on bad input.
 */
import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { anyIs, anyPack, anyUnpack, createRegistry, durationFromMs, type MessageType, ProtobufError, structFromJson, timestampFromDate } from "@strand/protobuf";
import { Currency, Money } from "./golden/acme/common/v1/money.ts";
import { Legacy } from "./golden/acme/legacy/v1/legacy.ts";
import { Order, Order_Status, Scalars } from "./golden/acme/shop/v1/shop.ts";
import { Test } from "./golden/bench/bench.ts";
import { Any } from "./golden/google/protobuf/any.ts";
import { Duration } from "./golden/google/protobuf/duration.ts";
import { Empty } from "./golden/google/protobuf/empty.ts";
import { Timestamp } from "./golden/google/protobuf/timestamp.ts";
import { Int64Value } from "./golden/google/protobuf/wrappers.ts";
import { messageArbitrary } from "./support/arbitrary.ts";

const registry = createRegistry(Money, Timestamp, Duration, Int64Value);

describe("known canonical JSON", () => {
  test("an order with every special form", () => {
    const order = Order.create({
      id: "o-1",
      status: Order_Status.STATUS_SHIPPED,
      total: { currency: Currency.CURRENCY_EUR, units: 12n, nanos: 500_000_000 },
      createdAt: timestampFromDate(new Date("2024-01-02T03:04:05.678Z")),
      ttl: durationFromMs(1500),
      labels: { a: "b" },
      linesByNumber: { 7: { sku: "x", quantity: 1, unitPrice: undefined } },
      flags: { true: -1n },
      currencies: { "18446744073709551615": Currency.CURRENCY_USD },
      blobs: { "-5": new Uint8Array([0xfb, 0xff]) },
      payment: { case: "voucher", value: { currency: 99 as number as Currency, units: -1n, nanos: 0 } },
      note: "",
      priority: 9007199254740993n,
      metadata: structFromJson({ k: [1, "two", null, { t: true }] }),
      extra: { kind: { case: "nullValue", value: 0 } },
      attachment: { typeUrl: "type.googleapis.com/acme.common.v1.Money", value: Money.encode({ currency: Currency.CURRENCY_USD, units: 3n, nanos: 0 }) },
      updateMask: { paths: ["total.units", "created_at"] },
      history: [{ seconds: 0n, nanos: 1000 }],
      customJson: "c",
    });
    const expected = {
      id: "o-1",
      status: "STATUS_SHIPPED",
      total: { currency: "CURRENCY_EUR", units: "12", nanos: 500000000 },
      createdAt: "2024-01-02T03:04:05.678Z",
      ttl: "1.500s",
      labels: { a: "b" },
      linesByNumber: { "7": { sku: "x", quantity: 1 } },
      flags: { true: "-1" },
      currencies: { "18446744073709551615": "CURRENCY_USD" },
      blobs: { "-5": "+/8=" },
      voucher: { currency: 99, units: "-1" },
      note: "",
      priority: "9007199254740993",
      metadata: { k: [1, "two", null, { t: true }] },
      extra: null,
      attachment: { "@type": "type.googleapis.com/acme.common.v1.Money", currency: "CURRENCY_USD", units: "3" },
      updateMask: "total.units,createdAt",
      history: ["1970-01-01T00:00:00.000001Z"],
      customJSON: "c",
    };
    const json = Order.toJson(order, { registry });
    expect(json).toEqual(expected);
    expect(Order.fromJson(JSON.parse(JSON.stringify(json)), { registry })).toEqual(order);
  });

  test("scalars: int64 as strings, NaN/Infinity, base64 bytes, defaults omitted", () => {
    const s = Scalars.create({ fDouble: Number.NaN, fFloat: Number.NEGATIVE_INFINITY, fInt64: -3n, fUint64: 18446744073709551615n, fBytes: new Uint8Array([1, 2, 3]), oInt32: 0, rSint64: [1n, -1n] });
    expect(Scalars.toJson(s)).toEqual({ fDouble: "NaN", fFloat: "-Infinity", fInt64: "-3", fUint64: "18446744073709551615", fBytes: "AQID", oInt32: 0, rSint64: ["1", "-1"] });
    expect(Scalars.toJson(Scalars.create())).toEqual({});
    const full = Scalars.toJson(Scalars.create(), { emitDefaultValues: true }) as Record<string, unknown>;
    expect(full["fInt64"]).toBe("0");
    expect(full["rInt32"]).toEqual([]);
    expect(Scalars.toJson(Scalars.create({ fInt32: 1 }), { useProtoFieldName: true })).toEqual({ f_int32: 1 });
  });

  test("parsing accepts proto names, numbers for enums, strings for numbers, url-safe base64", () => {
    const s = Scalars.fromJson({ f_int32: "7", fInt64: 8, fBytes: "-_8", fDouble: "Infinity", rEnum: ["CURRENCY_EUR", 2, 55] });
    expect(s.fInt32).toBe(7);
    expect(s.fInt64).toBe(8n);
    expect(s.fBytes).toEqual(new Uint8Array([0xfb, 0xff]));
    expect(s.fDouble).toBe(Number.POSITIVE_INFINITY);
    expect(s.rEnum as number[]).toEqual([1, 2, 55]);
    expect(Scalars.fromJson({ fInt32: null })).toEqual(Scalars.create());
  });

  test("well-known types at top level", () => {
    expect(Timestamp.toJson({ seconds: 1n, nanos: 0 })).toBe("1970-01-01T00:00:01Z");
    expect(Duration.fromJson("-1.5s")).toEqual({ seconds: -1n, nanos: -500000000 });
    expect(Empty.toJson(Empty.create())).toEqual({});
    expect(Int64Value.toJson({ value: 5n })).toBe("5");
    const any = Any.fromJson({ "@type": "type.googleapis.com/google.protobuf.Duration", value: "2s" }, { registry });
    expect(Duration.decode(any.value)).toEqual({ seconds: 2n, nanos: 0 });
    expect(Any.toJson(any, { registry })).toEqual({ "@type": "type.googleapis.com/google.protobuf.Duration", value: "2s" });
  });

  test("Any: pack, unpack, is", () => {
    const money = Money.create({ currency: Currency.CURRENCY_EUR, units: 5n });
    const any = anyPack(Money, money);
    expect(any.typeUrl).toBe("type.googleapis.com/acme.common.v1.Money");
    expect(anyIs(any, Money)).toBe(true);
    expect(anyIs(any, "acme.shop.v1.Order")).toBe(false);
    expect(anyUnpack(any, Money)).toEqual(money);
    expect(anyUnpack(any, Timestamp)).toBeUndefined();
    expect(Any.toJson(Any.create(), { registry })).toEqual({});
  });

  test("oneof JSON: the set member only; two members is an error", () => {
    expect(Order.toJson(Order.create({ payment: { case: "cardToken", value: "" } }))).toEqual({ cardToken: "" });
    expect(() => Order.fromJson({ cardToken: "a", cryptoProof: "AA==" })).toThrow(/more than one field of oneof/);
  });
});

describe("errors", () => {
  const bad: Array<[string, () => unknown, RegExp]> = [
    ["unknown field", () => Money.fromJson({ bogus: 1 }), /unknown field "bogus" in acme.common.v1.Money/],
    ["wrong type", () => Money.fromJson({ units: true }), /invalid int64 value true \(field acme.common.v1.Money.units\)/],
    ["unknown enum name", () => Money.fromJson({ currency: "GOLD" }), /invalid value "GOLD" for enum acme.common.v1.Currency/],
    ["not an object", () => Money.fromJson([1]), /expected a JSON object for acme.common.v1.Money/],
    ["bad timestamp", () => Order.fromJson({ createdAt: "yesterday" }), /invalid Timestamp "yesterday"/],
    ["a field named twice, by its JSON and its proto name", () => Order.fromJson({ createdAt: "1970-01-01T00:00:00Z", created_at: "1970-01-01T00:00:01Z" }), /field acme.shop.v1.Order.created_at given twice \("createdAt", then "created_at"\)/],
    ["a duplicate key in JSON text (JSON.parse would keep the last)", () => Money.fromJsonString('{"units": "1", "units": "100"}'), /duplicate key "units" at line 1, column 16/],
    ["JSON text errors say where", () => Money.fromJsonString('{\n  "units": 1,\n}'), /expected a string key at line 3, column 1/],
    ["a proto2 required field absent", () => Legacy.fromJson({ count: 3 }), /required field missing: acme.legacy.v1.Legacy.name/],
    ["a proto2 required field given as null", () => Legacy.fromJson({ name: null }), /required field missing: acme.legacy.v1.Legacy.name/],
    ["a proto2 required field absent in a nested message", () => Legacy.fromJson({ name: "x", child: { count: 1 } }), /required field missing: acme.legacy.v1.Legacy.name/],
    ["Any without registry", () => Order.toJson(Order.create({ attachment: { typeUrl: "type.googleapis.com/x.Y", value: new Uint8Array(0) } })), /not in the registry/],
  ];
  for (const [name, fn, pattern] of bad) {
    test(name, () => {
      expect(fn).toThrow(pattern);
      expect(fn).toThrow(ProtobufError);
    });
  }

  test("fromJsonString reads what fromJson(JSON.parse(text)) reads", () => {
    const text = JSON.stringify(Order.toJson(Order.create({ id: "o-1", total: Money.create({ units: 5n }), labels: { a: "b" } })));
    expect(Order.fromJsonString(text)).toEqual(Order.fromJson(JSON.parse(text)));
    expect(Money.fromJsonString(' {"bogus": 1, "units": "2"} ', { ignoreUnknownFields: true })).toEqual(Money.create({ units: 2n }));
  });

  test("proto2 defaults: unset optional fields read undefined, the declared defaults are on the type", () => {
    const m = Legacy.fromJson({ name: "x" });
    expect([m.count, m.greeting, m.kind, m.big]).toEqual([undefined, undefined, undefined, undefined]);
    expect(Legacy.defaults).toEqual({ count: 42, greeting: "hello", kind: 2, enabled: true, ratio: 0.5, big: -9007199254740993n });
    expect(m.count ?? Legacy.defaults?.count).toBe(42);
  });

  test("ignoreUnknownFields skips unknown keys and enum names", () => {
    expect(Money.fromJson({ bogus: 1, currency: "GOLD", units: "2" }, { ignoreUnknownFields: true })).toEqual(Money.create({ units: 2n }));
  });
});

describe("JSON round trips (property)", () => {
  const roundTrip = <T>(type: MessageType<T>) =>
    fc.assert(
      fc.property(messageArbitrary(type, { unknownEnums: true }), (x) => {
        expect(type.fromJson(JSON.parse(JSON.stringify(type.toJson(x))))).toEqual(x);
      }),
      { numRuns: 100 },
    );
  test("Scalars", () => roundTrip(Scalars));
  test("Legacy (proto2)", () => roundTrip(Legacy));
  test("bench Test", () => roundTrip(Test));
});
