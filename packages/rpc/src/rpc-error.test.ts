import { expect, test } from "bun:test";
import { Code } from "./code.ts";
import { RpcError } from "./rpc-error.ts";

test("carries code, raw message, metadata, details and cause", () => {
  const cause = new Error("root");
  const e = new RpcError(Code.NotFound, "no such user", {
    cause,
    metadata: { "x-id": "7" },
    details: [{ type: "t", value: new Uint8Array([1]) }],
  });
  expect(e.code).toBe(Code.NotFound);
  expect(e.message).toBe("no such user");
  expect(e.cause).toBe(cause);
  expect(e.metadata.get("x-id")).toBe("7");
  expect(e.details).toHaveLength(1);
  expect(e.name).toBe("RpcError");
  expect(String(e)).toBe("RpcError: [NotFound] no such user");
  expect(e).toBeInstanceOf(Error);
});

test("an out-of-range code becomes Unknown", () => {
  expect(new RpcError(42 as Code, "x").code).toBe(Code.Unknown);
});

test("from() maps what gets thrown or used as abort reason", () => {
  const original = new RpcError(Code.Aborted, "a");
  expect(RpcError.from(original)).toBe(original);
  const abort = new AbortController();
  abort.abort();
  expect(RpcError.from(abort.signal.reason).code).toBe(Code.Canceled);
  expect(RpcError.from(new DOMException("slow", "TimeoutError")).code).toBe(Code.DeadlineExceeded);
  const plain = new Error("boom");
  const wrapped = RpcError.from(plain);
  expect(wrapped.code).toBe(Code.Unknown);
  expect(wrapped.message).toBe("boom");
  expect(wrapped.cause).toBe(plain);
  expect(RpcError.from("text", Code.Internal).code).toBe(Code.Internal);
  expect(RpcError.from(undefined).message).toBe("undefined");
});
