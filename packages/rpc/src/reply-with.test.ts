import { describe, expect, test } from "bun:test";
import { type ByteSink, type MessageCodec, type MessageEncoder, method, service } from "./descriptor.ts";
import { Dispatcher } from "./dispatcher.ts";
import { decodeTrailers } from "./header-decoder.ts";
import { encodePathEntry, encodeRequestHead } from "./header-encoder.ts";
import type { Logger } from "./logger.ts";
import { Router } from "./router.ts";
import { Code } from "./code.ts";
import { TestMessage } from "./testing/test-service.ts";
import type { ServerTransportCall } from "./transport.ts";

/**
 * A unary answer goes to a transport that takes whole responses by encoder (`respondWith`)
 * without an array of its own; whenever that cannot be, the answer goes as before — and exactly
 * one way, with the call closed once.
 */

/** TestMessage's codec with `encodeAppend`, as generated codecs have it; "unencodable" text cannot be encoded. */
const Appending: MessageCodec<TestMessage> = {
  ...TestMessage,
  encodeAppend(message: TestMessage, sink: ByteSink): void {
    if (message.text === "unencodable") throw new Error("invalid field");
    const bytes = TestMessage.encode(message);
    const grown = new Uint8Array(sink.length + bytes.length);
    grown.set(sink.bytes.subarray(0, sink.length));
    grown.set(bytes, sink.length);
    sink.bytes = grown;
    sink.length = grown.length;
  },
};
const Svc = service("strand.test.v1.Appending", { echo: method("strand.test.v1.Appending", "Echo", "unary", Appending, Appending) });

/** Status 0: OK has no member of `Code` (code.ts). */
const OK = 0;

/** What reached the transport, in order. */
type Event = ["respondWith", string, number] | ["respond", string, number] | ["sendHeaders" | "send", string] | ["close", number] | ["finished"];

function transportCall(accept: boolean, arrivedAlone = false): ServerTransportCall & { events: Event[] } {
  const events: Event[] = [];
  const decoded = (bytes: Uint8Array): string => TestMessage.decode(bytes).text;
  return {
    events,
    arrivedAlone,
    head: encodeRequestHead(encodePathEntry(Svc.methods.echo.path), undefined, undefined, 16 * 1024),
    peer: "test",
    request() {},
    finished: () => void events.push(["finished"]),
    sendHeaders: (_block, message) => void events.push(["sendHeaders", message === undefined ? "" : decoded(message)]),
    send: (message) => void events.push(["send", decoded(message)]),
    close: (trailers) => void events.push(["close", decodeTrailers(trailers, 16 * 1024).code]),
    respond: (_block, message, trailers) => void events.push(["respond", decoded(message), decodeTrailers(trailers, 16 * 1024).code]),
    respondWith<T>(_block: Uint8Array, encoder: MessageEncoder<T>, message: T, trailers: Uint8Array): boolean {
      const sink = { bytes: new Uint8Array(0), length: 0 };
      encoder.encodeAppend(message, sink); // throws as the real transport does, having sent nothing
      if (!accept) return false;
      events.push(["respondWith", decoded(sink.bytes.subarray(0, sink.length)), decodeTrailers(trailers, 16 * 1024).code]);
      return true;
    },
    reset() {},
  };
}

async function answer(handlerText: string, accept: boolean, withTrailer = false): Promise<Event[]> {
  const logged: string[] = [];
  const logger: Logger = { error: (message) => void logged.push(message) };
  const dispatcher = new Dispatcher(new Router().add(Svc, { echo: (_m, ctx) => (withTrailer && ctx.setTrailer("x-t", "1"), { text: handlerText, n: 1 }) }), { logger });
  const tc = transportCall(accept);
  const call = dispatcher.accept(tc);
  const request = TestMessage.encode({ text: "q", n: 0 });
  call.onMessage(request, 0, request.length);
  call.onHalfClose();
  await new Promise((r) => setTimeout(r, 5));
  expect(logged.length).toBe(handlerText === "unencodable" ? 1 : 0);
  return tc.events;
}

describe("a unary answer by encoder (ServerTransportCall.respondWith)", () => {
  test("taken: one respondWith with the answer and OK trailers, then the slot is free", async () => {
    expect(await answer("a", true)).toEqual([["respondWith", "a", OK], ["finished"]]);
  });

  test("refused by the transport: encoded and sent as one whole response instead", async () => {
    expect(await answer("b", false)).toEqual([["respond", "b", OK], ["finished"]]);
  });

  test("response metadata set: not by encoder; the answer with the headers, then the trailers", async () => {
    expect(await answer("c", true, true)).toEqual([["sendHeaders", "c"], ["close", OK], ["finished"]]);
  });

  test("an answer that cannot be encoded: INTERNAL, nothing else sent", async () => {
    expect(await answer("unencodable", true)).toEqual([["close", Code.Internal], ["finished"]]);
  });
});

describe("when a unary answer goes (ServerTransportCall.arrivedAlone)", () => {
  /** Events reached the transport by the time the request's last delivery returned, and in all. */
  async function timing(arrivedAlone: boolean, handler: () => TestMessage | Promise<TestMessage>): Promise<{ sync: Event[]; all: Event[] }> {
    const dispatcher = new Dispatcher(new Router().add(Svc, { echo: handler }));
    const tc = transportCall(true, arrivedAlone);
    const call = dispatcher.accept(tc);
    const request = TestMessage.encode({ text: "q", n: 0 });
    call.onMessage(request, 0, request.length);
    call.onHalfClose();
    const sync = [...tc.events];
    await new Promise((r) => setTimeout(r, 5));
    return { sync, all: tc.events };
  }
  const answered: Event[] = [["respondWith", "a", OK], ["finished"]];

  test("a call that arrived alone is answered before the delivery returns", async () => {
    expect(await timing(true, () => ({ text: "a", n: 1 }))).toEqual({ sync: answered, all: answered });
  });

  test("an async handler already settled, alone: answered at once too", async () => {
    expect(await timing(true, async () => ({ text: "a", n: 1 }))).toEqual({ sync: answered, all: answered });
  });

  test("a call that did not arrive alone is answered with the others of its turn (a microtask later)", async () => {
    expect(await timing(false, () => ({ text: "a", n: 1 }))).toEqual({ sync: [], all: answered });
  });
});
