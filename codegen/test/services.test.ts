/**
 * Generated services: descriptor values (paths, kinds, idempotency, codecs) and — checked by
 * `tsc` over this file — that `XHandlers`/`XClient` infer every signature, so a wrong handler is a
 * type error.
 */
import { expect, test } from "bun:test";
import { OrderService, type OrderServiceClient, type OrderServiceHandlers } from "./golden/acme/shop/v1/order_service.ts";
import { Order, WatchRequest } from "./golden/acme/shop/v1/shop.ts";

test("descriptor: paths, kinds, idempotency and codecs", () => {
  expect(OrderService.typeName).toBe("acme.shop.v1.OrderService");
  expect(Object.keys(OrderService.methods)).toEqual(["getOrder", "watch", "upload", "chat", "ping"]);
  expect(OrderService.methods.getOrder).toMatchObject({ name: "GetOrder", path: "/acme.shop.v1.OrderService/GetOrder", kind: "unary", idempotency: "no_side_effects" });
  expect(OrderService.methods.watch.kind).toBe("server_streaming");
  expect(OrderService.methods.upload.kind).toBe("client_streaming");
  expect(OrderService.methods.chat.kind).toBe("bidi_streaming");
  expect(OrderService.methods.ping.idempotency).toBe("idempotent");
  expect(OrderService.methods.getOrder.input).toBe(WatchRequest);
  expect(OrderService.methods.getOrder.output).toBe(Order);
});

test("handler and client types follow the rpc kinds", () => {
  const handlers: OrderServiceHandlers = {
    async getOrder(req) {
      return { id: req.orderId };
    },
    async *watch(req) {
      yield { id: req.orderId };
    },
    async upload(chunks) {
      let size = 0n;
      for await (const c of chunks) size += BigInt(c.data.length);
      return { size };
    },
    async *chat(reqs) {
      for await (const r of reqs) yield r;
    },
    ping: () => ({}),
  };
  const wrong: Partial<OrderServiceHandlers> = {
    // @ts-expect-error a unary handler must return an Order, not a number field of the wrong type
    getOrder: async () => ({ id: 42 }),
    // @ts-expect-error a client-streaming handler receives a stream, not a single request
    upload: async (chunk: { data: Uint8Array; extra: string }) => ({ size: BigInt(chunk.data.length) }),
  };
  type GetOrder = OrderServiceClient["getOrder"];
  const call: GetOrder = async (req) => Order.create({ id: req.orderId ?? "" });
  // @ts-expect-error a bigint is not a valid orderId
  void call({ orderId: 1n });
  expect(typeof handlers.getOrder).toBe("function");
  expect(Object.keys(wrong)).toEqual(["getOrder", "upload"]);
});
