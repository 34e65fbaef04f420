/**
 * Encode refuses what it cannot represent: a wrong-typed value (a JavaScript caller, an `as`
 * cast, JSON from elsewhere) is an error naming the field path, never garbage bytes or a field
 * silently dropped — and where protobuf users expect leniency (64-bit fields, open enums), there is.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { ProtobufError } from "@strand/protobuf";
import { type Channel, Code, createChannel, createClient, createServer, RpcError, type Server } from "strand";
import { Money } from "./golden/acme/common/v1/money.ts";
import { OrderService } from "./golden/acme/shop/v1/order_service.ts";
import { Order, Scalars } from "./golden/acme/shop/v1/shop.ts";

/** Encodes an init built in plain JavaScript, past the types. */
function encodeLoose<T>(type: { create(init: never): T; encode(m: T): Uint8Array }, init: Record<string, unknown>): Uint8Array {
  return type.encode(type.create(init as never));
}

describe("wrong-typed values are refused with the field path", () => {
  const cases: Array<[string, () => unknown, string]> = [
    ["a number in a string field", () => encodeLoose(Scalars, { fString: 12345 }), "acme.shop.v1.Scalars.f_string: expected a string, got 12345"],
    ["a string in a bytes field", () => encodeLoose(Scalars, { fBytes: "abc" }), 'acme.shop.v1.Scalars.f_bytes: expected a Uint8Array, got "abc"'],
    ["1.5 in an sint32", () => encodeLoose(Scalars, { fSint32: 1.5 }), "acme.shop.v1.Scalars.f_sint32: expected an integer in sint32 range, got 1.5"],
    ["2**40 in an sint32", () => encodeLoose(Scalars, { fSint32: 2 ** 40 }), "acme.shop.v1.Scalars.f_sint32: expected an integer in sint32 range, got 1099511627776"],
    ["NaN in an int32", () => encodeLoose(Scalars, { fInt32: Number.NaN }), "acme.shop.v1.Scalars.f_int32: expected an integer in int32 range, got NaN"],
    ["-1 in a uint32", () => encodeLoose(Scalars, { fUint32: -1 }), "acme.shop.v1.Scalars.f_uint32: expected an integer in uint32 range, got -1"],
    ["a string in a bool", () => encodeLoose(Scalars, { fBool: "yes" }), 'acme.shop.v1.Scalars.f_bool: expected a boolean, got "yes"'],
    ["an int64 out of range names its field", () => encodeLoose(Scalars, { fInt64: 1n << 63n }), "acme.shop.v1.Scalars.f_int64: expected a bigint, a safe integer or a decimal string in int64 range, got 9223372036854775808n"],
    ["1.5 in an int64", () => encodeLoose(Scalars, { fInt64: 1.5 }), "acme.shop.v1.Scalars.f_int64: expected a bigint, a safe integer or a decimal string in int64 range, got 1.5"],
    ["an enum given a name", () => encodeLoose(Money, { currency: "EURO" }), 'acme.common.v1.Money.currency: unknown value "EURO" for enum acme.common.v1.Currency (enums are numbers)'],
    ["a message field given a string", () => encodeLoose(Order, { total: "ten" }), 'acme.shop.v1.Order.total: expected a acme.common.v1.Money message, got "ten"'],
    ["a nested value, with its path", () => encodeLoose(Order, { total: { nanos: 1.5 } }), "acme.shop.v1.Order.total.nanos: expected an integer in int32 range, got 1.5"],
    ["a list element", () => encodeLoose(Scalars, { rUint32: [1, -2] }), "acme.shop.v1.Scalars.r_uint32[1]: expected an integer in uint32 range, got -2"],
    ["a string for a repeated field", () => encodeLoose(Order, { lines: "abc" }), 'acme.shop.v1.Order.lines: expected an array, got "abc"'],
    ["an array for a map", () => encodeLoose(Order, { labels: ["a"] }), "acme.shop.v1.Order.labels: expected a map (a plain object), got an array"],
    ["a map value", () => encodeLoose(Order, { labels: { a: 1 } }), 'acme.shop.v1.Order.labels["a"]: expected a string, got 1'],
    ["an unknown oneof case", () => encodeLoose(Order, { payment: { case: "cash", value: 1 } }), 'acme.shop.v1.Order.payment: unknown case "cash"'],
  ];
  for (const [name, run, message] of cases) {
    test(name, () => {
      let error: unknown;
      try {
        run();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ProtobufError);
      expect((error as ProtobufError).code).toBe("invalid_value");
      expect((error as ProtobufError).message).toBe(`[invalid_value] ${message}`);
    });
  }

  test("encodeAppend refuses the same way, and the next encode is unharmed", () => {
    const sink = { bytes: new Uint8Array(8), length: 0 };
    expect(() => Scalars.encodeAppend(Scalars.create({ fString: 1 as never }), sink)).toThrow("acme.shop.v1.Scalars.f_string: expected a string, got 1");
    expect(sink.length).toBe(0);
    expect(Scalars.decode(Scalars.encode(Scalars.create({ fString: "ok" }))).fString).toBe("ok");
  });
});

describe("leniency protobuf users expect", () => {
  test("64-bit fields take safe-integer numbers and decimal strings; open enums take unknown numbers", () => {
    const expected = Scalars.encode(Scalars.create({ fInt64: 42n, fUint64: 7n, fSint64: -3n, fFixed64: 9n, fSfixed64: -9n }));
    expect(encodeLoose(Scalars, { fInt64: 42, fUint64: "7", fSint64: -3, fFixed64: "9", fSfixed64: "-9" })).toEqual(expected);
    expect(encodeLoose(Scalars, { fInt64: 0, fUint64: "0" })).toEqual(new Uint8Array(0)); // zero is zero, and not written
    expect(Money.decode(encodeLoose(Money, { currency: 77 })).currency as number).toBe(77);
  });
});

describe("end to end", () => {
  let server: Server;
  let channel: Channel;
  const logged: string[] = [];
  beforeAll(async () => {
    server = createServer({ logger: { error: (...args: unknown[]) => void logged.push(args.map(String).join(" ")) } });
    server.add(OrderService, {
      getOrder: () => ({ id: 12345 as unknown as string }),
      watch: async function* () {},
      upload: async () => ({}),
      chat: async function* () {},
      ping: () => ({}),
    });
    const { port } = await server.listen({ hostname: "127.0.0.1", port: 0 });
    channel = createChannel(`127.0.0.1:${port}`);
  });
  afterAll(async () => {
    channel.close();
    await server.close({ force: true });
  });

  test("a handler returning a number for a string field fails the call with Internal, not OK with an empty string", async () => {
    const client = createClient(OrderService, channel);
    const error = await client.getOrder({ orderId: "o" }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(RpcError);
    expect((error as RpcError).code).toBe(Code.Internal);
    // The path is for the server's log, not for the client.
    expect((error as RpcError).message).not.toContain("acme.shop.v1.Order.id");
    expect(logged.join("\n")).toContain("acme.shop.v1.Order.id: expected a string, got 12345");
  });

  test("a client request with a wrong-typed field fails before anything is sent", async () => {
    const client = createClient(OrderService, channel);
    const error = await client.getOrder({ orderId: 5 as unknown as string }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(RpcError);
    expect((error as RpcError).message).toContain("acme.shop.v1.WatchRequest.order_id: expected a string, got 5");
  });
});
