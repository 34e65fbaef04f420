import { expect, test } from "bun:test";
import { ErrorCode } from "./error-code.ts";
import { batchEntryEnd, headersBlockLength, headersWithMessageSize, readBatchLength, writeBatchEntry, writeHeadersWithMessage } from "./message-layout.ts";
import { WireError } from "./wire-error.ts";

test("HEADERS with a message: u32 block length, block, message — written and split back", () => {
  const block = Uint8Array.of(9, 8);
  const message = Uint8Array.of(1, 2, 3);
  const size = headersWithMessageSize(block.length, message.length);
  const out = new Uint8Array(3 + size);
  writeHeadersWithMessage(out, 3, block, message);
  expect([...out.subarray(3)]).toEqual([0, 0, 0, 2, 9, 8, 1, 2, 3]);
  expect(headersBlockLength(out, 3, size)).toBe(2);
});

test("a HEADERS block length past the frame, or a frame too short for it, is a connection PROTOCOL_ERROR", () => {
  for (const payload of [Uint8Array.of(0, 0, 0, 9, 1), Uint8Array.of(0, 0)]) {
    let error: unknown;
    try {
      headersBlockLength(payload, 0, payload.length);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WireError);
    expect([(error as WireError).code, (error as WireError).scope]).toEqual([ErrorCode.ProtocolError, "connection"]);
  }
});

test("BATCH entries: written back to back and read in order; one running past the frame is a stream PROTOCOL_ERROR", () => {
  const out = new Uint8Array(15);
  let p = writeBatchEntry(out, 0, Uint8Array.of(5, 6));
  p = writeBatchEntry(out, p, new Uint8Array(0));
  p = writeBatchEntry(out, p, Uint8Array.of(7));
  expect(p).toBe(out.length);
  expect([readBatchLength(out, 0, 15), batchEntryEnd(out, 0)]).toEqual([2, 6]);
  expect([readBatchLength(out, 6, 15), readBatchLength(out, 10, 15)]).toEqual([0, 1]);
  expect(() => readBatchLength(out, 10, 14)).toThrow("BATCH message length runs past the frame");
  expect(() => readBatchLength(out, 12, 15)).toThrow(WireError);
});
