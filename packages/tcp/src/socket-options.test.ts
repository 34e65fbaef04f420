import { expect, test } from "bun:test";
import { defaultSocketOptions, verifySocketOptions } from "./socket-options.ts";

test("socket options: defaults, the accepted range, and a RangeError naming the option", () => {
  expect(verifySocketOptions({})).toEqual(defaultSocketOptions);
  expect(defaultSocketOptions).toEqual({ tcpKeepAliveMs: 60_000, unref: false });
  expect(verifySocketOptions({ tcpKeepAliveMs: 0, unref: true })).toEqual({ tcpKeepAliveMs: 0, unref: true });
  expect(verifySocketOptions({ tcpKeepAliveMs: 1000 }).tcpKeepAliveMs).toBe(1000);
  expect(verifySocketOptions({ tcpKeepAliveMs: 32_767_000 }).tcpKeepAliveMs).toBe(32_767_000);
  for (const bad of [999, -1, 32_767_001, 1500.5, Number.POSITIVE_INFINITY]) expect(() => verifySocketOptions({ tcpKeepAliveMs: bad })).toThrow(RangeError);
  expect(() => verifySocketOptions({ unref: 1 as never })).toThrow(/unref must be a boolean/);
});
