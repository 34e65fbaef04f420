import { describe, expect, test } from "bun:test";
import { Backoff, defaultBackoff, verifyBackoff } from "./backoff.ts";
import { parseTargets } from "./target.ts";

describe("reconnect backoff (gRPC connection-backoff.md)", () => {
  test("without jitter: 1 s, then ×1.6 each attempt, capped at 120 s; reset starts over", () => {
    const backoff = new Backoff(verifyBackoff({ jitter: 0 }));
    const delays = Array.from({ length: 14 }, () => Math.round(backoff.next()));
    expect(delays.slice(0, 5)).toEqual([1000, 1600, 2560, 4096, 6554]);
    expect(Math.max(...delays)).toBe(120_000);
    expect(delays.at(-1)).toBe(120_000);
    backoff.reset();
    expect(backoff.next()).toBe(1000);
  });

  test("jitter stays within ±20 % of the nominal delay", () => {
    const low = new Backoff(defaultBackoff, () => 0);
    const high = new Backoff(defaultBackoff, () => 0.999999);
    expect(low.next()).toBeCloseTo(800, 3);
    expect(high.next()).toBeCloseTo(1200, 1);
  });

  test("a connection attempt gets at least the minimum connect timeout (20 s)", () => {
    expect(new Backoff(defaultBackoff).connectTimeoutMs).toBe(20_000);
  });

  test.each([
    [{ multiplier: 0.5 }, /multiplier/],
    [{ jitter: 1 }, /jitter/],
    [{ initialMs: -1 }, /initialMs/],
    [{ maxMs: 10 }, /maxMs/],
  ] as const)("rejects %p at construction", (input, message) => {
    expect(() => verifyBackoff(input)).toThrow(message);
  });
});

describe("channel targets", () => {
  test("host:port, [v6]:port, unix paths and lists", () => {
    expect(parseTargets("127.0.0.1:50051")).toEqual([{ hostname: "127.0.0.1", port: 50051 }]);
    expect(parseTargets("[::1]:9")).toEqual([{ hostname: "::1", port: 9 }]);
    expect(parseTargets("unix:/run/x.sock")).toEqual([{ unix: "/run/x.sock" }]);
    expect(parseTargets("a:1, b:2")).toEqual([{ hostname: "a", port: 1 }, { hostname: "b", port: 2 }]);
    expect(parseTargets(["a:1", "unix:/s"])).toEqual([{ hostname: "a", port: 1 }, { unix: "/s" }]);
  });

  test.each(["", "localhost", "a:0", "a:70000", "unix:", "a:b"])("rejects %p with the bad target named", (target) => {
    expect(() => parseTargets(target)).toThrow(RangeError);
  });
});
