import { expect, test } from "bun:test";
import { ErrorCode } from "./error-code.ts";
import { MAX_BACKLOG_BYTES, ReadGate } from "./read-gate.ts";
import { WireError } from "./wire-error.ts";

test("chunks held while stopped come back in order when the gate opens", () => {
  const gate = new ReadGate();
  expect(gate.stopped).toBe(false);
  gate.paused = true;
  expect(gate.stopped).toBe(true);
  gate.hold(Uint8Array.of(1));
  gate.hold(Uint8Array.of(2, 3));
  gate.paused = false;
  gate.yielded = true;
  expect(gate.stopped).toBe(true); // a spent turn also stops reading
  gate.yielded = false;
  expect(gate.open().map((c) => [...c])).toEqual([[1], [2, 3]]);
  expect(gate.stopped).toBe(false);
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
