import { afterEach, describe, expect, test } from "bun:test";
import { claimHotListener, earlierHotListener, forgetHotListener, hotKey, recordHotListener, type HotEntry } from "./hot-listeners.ts";
import type { WireListener } from "./wire-listener.ts";

const registry = () => (globalThis as Record<symbol, Map<string, HotEntry[]> | undefined>)[Symbol.for("strand.tcp.hot-listeners.v1")];
const fakeListener = (name: string) => ({ name }) as unknown as WireListener;
afterEach(() => registry()?.clear());

describe("the bun --hot listener registry", () => {
  test("keys are the address as asked for, with listenWire's default host", () => {
    expect(hotKey({ port: 0 })).toBe("127.0.0.1:0");
    expect(hotKey({ hostname: "::1", port: 50051 })).toBe("::1:50051");
    expect(hotKey({ unix: "/run/x.sock" })).toBe("unix:/run/x.sock");
  });

  test("a listener of this evaluation is never offered again: a second server on the address gets EADDRINUSE", () => {
    recordHotListener("127.0.0.1:0", fakeListener("mine"), () => {});
    expect(earlierHotListener("127.0.0.1:0")).toBeUndefined();
  });

  test("one left by an earlier evaluation is offered once; claiming releases its old owner", () => {
    const old = fakeListener("old");
    const released: string[] = [];
    registry()!.set("127.0.0.1:0", [{ listener: old, evaluation: Symbol("earlier evaluation"), release: () => released.push("old owner") }]);
    expect(earlierHotListener("127.0.0.1:0")).toBe(old);
    claimHotListener("127.0.0.1:0", old, () => released.push("new owner"));
    expect(released).toEqual(["old owner"]);
    expect(earlierHotListener("127.0.0.1:0")).toBeUndefined(); // ours now
    forgetHotListener(old);
    expect(registry()!.has("127.0.0.1:0")).toBe(false);
  });
});
