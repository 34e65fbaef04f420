import { expect, test } from "bun:test";
import { type ClientOptions, defaultClientOptions, verifyClientOptions } from "./client-options.ts";
import { Code } from "./code.ts";
import { Dispatcher } from "./dispatcher.ts";
import { defaultLimits } from "./limits.ts";
import { Router } from "./router.ts";
import { RpcError } from "./rpc-error.ts";
import { defaultServerOptions, verifyServerOptions } from "./server-options.ts";

function codeOf(fn: () => unknown): Code | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof RpcError ? e.code : undefined;
  }
  return undefined;
}

test("defaults follow ARCHITECTURE.md §4", () => {
  expect(defaultLimits).toEqual({ maxReceiveMessageBytes: 4194304, metadataSoftLimitBytes: 8192, metadataHardLimitBytes: 16384 });
  expect(verifyClientOptions()).toEqual(defaultClientOptions);
  expect(verifyServerOptions()).toEqual(defaultServerOptions);
  expect(verifyClientOptions({ maxReceiveMessageBytes: undefined } as unknown as Partial<ClientOptions> /* as JavaScript may pass it */).maxReceiveMessageBytes).toBe(4194304);
});

test("bad values throw InvalidArgument at construction", () => {
  expect(codeOf(() => verifyClientOptions({ maxReceiveMessageBytes: 0 }))).toBe(Code.InvalidArgument);
  expect(codeOf(() => verifyClientOptions({ maxReceiveMessageBytes: 1.5 }))).toBe(Code.InvalidArgument);
  expect(codeOf(() => verifyClientOptions({ metadataSoftLimitBytes: 20000 }))).toBe(Code.InvalidArgument);
  expect(codeOf(() => verifyClientOptions({ maxTransparentRetries: -1 }))).toBe(Code.InvalidArgument);
  expect(codeOf(() => verifyClientOptions({ interceptors: [5 as never] }))).toBe(Code.InvalidArgument);
  expect(codeOf(() => verifyServerOptions({ logger: {} as never }))).toBe(Code.InvalidArgument);
  expect(codeOf(() => verifyServerOptions({ downstreamDetails: "keep" as never }))).toBe(Code.InvalidArgument);
  expect(codeOf(() => new Dispatcher(new Router(), { metadataHardLimitBytes: -1 }))).toBe(Code.InvalidArgument);
});
