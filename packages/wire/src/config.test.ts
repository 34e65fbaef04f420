import { describe, expect, test } from "bun:test";
import { defaultWireConfig, verifyWireConfig } from "./config.ts";

describe("verifyWireConfig", () => {
  test("fills defaults and keeps overrides", () => {
    const config = verifyWireConfig({ maxConcurrentStreams: 7 });
    expect(config.maxConcurrentStreams).toBe(7);
    expect(config.maxFramePayload).toBe(defaultWireConfig.maxFramePayload);
    expect(Object.isFrozen(config)).toBe(true);
  });

  test.each([
    ["maxFramePayload", 1000],
    ["maxFramePayload", 2 ** 24],
    ["initialStreamWindow", 1024],
    ["maxConcurrentStreams", 0],
    ["maxConcurrentStreams", 1.5],
    ["keepaliveTimeoutMs", 0],
    ["pingsPerSecond", Number.NaN],
    ["maxStreamId", 2 ** 31],
  ] as const)("rejects %s = %p at construction", (key, value) => {
    expect(() => verifyWireConfig({ [key]: value })).toThrow(new RegExp(key));
  });

  test("rejects unknown options by name", () => {
    expect(() => verifyWireConfig({ maxFrameSize: 1 } as never)).toThrow(/unknown option "maxFrameSize"/);
  });
});
