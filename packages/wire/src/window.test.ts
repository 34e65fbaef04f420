import { describe, expect, test } from "bun:test";
import { ErrorCode } from "./error-code.ts";
import { MAX_WINDOW_SIZE, Window } from "./window.ts";
import { WireError } from "./wire-error.ts";

function thrown(fn: () => void): WireError {
  try {
    fn();
  } catch (error) {
    if (error instanceof WireError) return error;
    throw error;
  }
  throw new Error("expected a WireError");
}

describe("Window", () => {
  test("consume spends credit; spending more than is left is a FLOW_CONTROL_ERROR in the window's scope", () => {
    const w = new Window(100, "stream");
    w.consume(60);
    w.consume(40);
    expect(w.available).toBe(0);
    const error = thrown(() => w.consume(1));
    expect([error.code, error.scope]).toEqual([ErrorCode.FlowControlError, "stream"]);
    expect(w.available).toBe(0); // a refused consume changes nothing
    expect(thrown(() => new Window(5, "connection").consume(6)).scope).toBe("connection");
  });

  test("release batches updates: nothing until the threshold, then everything unannounced at once", () => {
    const w = new Window(100, "stream");
    w.consume(100);
    expect(w.release(30, 50)).toBe(0);
    expect(w.release(10, 50)).toBe(0);
    expect(w.available).toBe(0);
    expect(w.release(10, 50)).toBe(50);
    expect([w.available, w.unannounced]).toEqual([50, 0]);
    expect(w.release(0, 50)).toBe(0);
  });

  test("grant adds credit, may shrink it below zero (SETTINGS), and overflowing 2^31 − 1 is a FLOW_CONTROL_ERROR", () => {
    const w = new Window(10, "connection");
    w.grant(-30);
    expect(w.available).toBe(-20);
    w.grant(MAX_WINDOW_SIZE + 20);
    expect(w.available).toBe(MAX_WINDOW_SIZE);
    const error = thrown(() => w.grant(1));
    expect([error.code, error.scope]).toEqual([ErrorCode.FlowControlError, "connection"]);
    expect(w.available).toBe(MAX_WINDOW_SIZE);
  });
});
