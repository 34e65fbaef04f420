import { describe, expect, test } from "bun:test";
import { Code } from "./code.ts";
import { Dispatcher } from "./dispatcher.ts";
import { encodePathEntry, encodeRequestHead } from "./header-encoder.ts";
import { Router } from "./router.ts";
import { RpcError } from "./rpc-error.ts";
import { TestMessage, TestService } from "./testing/test-service.ts";
import type { Logger } from "./logger.ts";
import type { ServerCallListener, ServerTransportCall } from "./transport.ts";

/** A transport call that records what the dispatcher tells it; `finished` counts the slot releases. */
function transportCall(path: string): ServerTransportCall & { finishedCount: number; closed: boolean } {
  return {
    head: encodeRequestHead(encodePathEntry(path), undefined, undefined, 16 * 1024),
    peer: "test",
    finishedCount: 0,
    closed: false,
    finished() {
      this.finishedCount++;
    },
    request() {},
    sendHeaders: () => undefined,
    send: () => undefined,
    close() {
      this.closed = true;
    },
    reset() {},
  };
}

const request = TestMessage.encode(TestMessage.create({ text: "x" }));
const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 5));
const quiet: Logger = { error() {} };

describe("the transport learns once when the server is done with a call (its concurrency slot)", () => {
  test("an unknown method: at once, no handler ran", () => {
    const tc = transportCall("/nope.Service/Nothing");
    new Dispatcher(new Router()).accept(tc);
    expect([tc.closed, tc.finishedCount]).toEqual([true, 1]);
  });

  test("a unary handler: only when it returns, even if the call was cancelled before", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const dispatcher = new Dispatcher(new Router().add(TestService, { echo: async (m) => (await gate, m) }));
    const tc = transportCall(TestService.methods.echo.path);
    const call: ServerCallListener = dispatcher.accept(tc);
    call.onMessage(request, 0, request.length);
    call.onHalfClose();
    call.onCancel(new RpcError(Code.Canceled, "client reset"));
    await tick();
    expect(tc.finishedCount).toBe(0); // the handler still runs: the slot stays taken
    release();
    await tick();
    expect(tc.finishedCount).toBe(1);
  });

  test("a call cancelled before its request arrived: at the cancel, since no handler will run", () => {
    const dispatcher = new Dispatcher(new Router().add(TestService, { echo: (m) => m }));
    const tc = transportCall(TestService.methods.echo.path);
    dispatcher.accept(tc).onCancel(new RpcError(Code.Canceled, "client reset"));
    expect(tc.finishedCount).toBe(1);
  });

  test("a handler that throws: once, after it threw", async () => {
    const throwing = new Router().add(TestService, {
      echo: () => {
        throw new Error("boom");
      },
    });
    const dispatcher = new Dispatcher(throwing, { logger: quiet });
    const tc = transportCall(TestService.methods.echo.path);
    const call = dispatcher.accept(tc);
    call.onMessage(request, 0, request.length);
    call.onHalfClose();
    await tick();
    expect([tc.closed, tc.finishedCount]).toEqual([true, 1]);
  });
});
