import { expect, test } from "bun:test";
import { ErrorCode } from "./error-code.ts";
import { MAX_BACKLOG_BYTES, ReadGate } from "./read-gate.ts";
import { WireError } from "./wire-error.ts";

test("chunks held while paused come back in order when the gate opens", () => {
  const gate = new ReadGate();
  gate.paused = true;
  gate.hold(Uint8Array.of(1));
  gate.hold(Uint8Array.of(2, 3));
  expect(gate.open().map((c) => [...c])).toEqual([[1], [2, 3]]);
  expect(gate.paused).toBe(false);
  expect(gate.open()).toEqual([]);
});

test("a peer that keeps sending past the backlog limit is ENHANCE_YOUR_CALM", () => {
  const gate = new ReadGate();
  gate.paused = true;
  gate.hold(new Uint8Array(MAX_BACKLOG_BYTES));
  let error: unknown;
  try {
    gate.hold(new Uint8Array(1));
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(WireError);
  expect((error as WireError).code).toBe(ErrorCode.EnhanceYourCalm);
});
