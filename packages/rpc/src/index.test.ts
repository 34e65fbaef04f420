import { expect, test } from "bun:test";
import * as internal from "@strand/rpc/internal";
import * as rpc from "@strand/rpc";
import * as testing from "@strand/rpc/testing";

test("the package entry points resolve and export the public names", () => {
  for (const name of [
    "method", "service", "Code", "RpcError", "Metadata", "createClient", "Router", "Dispatcher",
    "retryInterceptor", "applyInterceptors", "applyServerInterceptors", "verifyClientOptions",
    "verifyServerOptions", "defaultClientOptions", "defaultServerOptions", "codeName", "errorDetail",
  ]) {
    expect(rpc).toHaveProperty(name);
  }
  expect(Object.keys(testing).sort()).toEqual(["MemoryTransport", "TestMessage", "TestService", "createMemoryPair"]);
  expect(internal).toHaveProperty("encodeRequestHead");
  expect(internal).toHaveProperty("callScope");
  expect(rpc).not.toHaveProperty("encodeRequestHead");
});
