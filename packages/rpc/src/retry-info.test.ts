import { expect, test } from "bun:test";
import { retryDelayMs } from "./retry-info.ts";

const retryInfo = (...bytes: number[]) => ({ type: "google.rpc.RetryInfo", value: new Uint8Array(bytes) });

test("reads retryDelay (seconds and nanos) of a RetryInfo detail as ms", () => {
  // RetryInfo { retry_delay { seconds: 1, nanos: 500_000_000 } }
  expect(retryDelayMs([retryInfo(0x0a, 0x08, 0x08, 0x01, 0x10, 0x80, 0xca, 0xb5, 0xee, 0x01)])).toBe(1500);
  expect(retryDelayMs([retryInfo(0x0a, 0x02, 0x08, 0x02)])).toBe(2000);
  expect(retryDelayMs([retryInfo(0x0a, 0x00)])).toBe(0); // a zero Duration is present
});

test("skips unknown fields and other detail types; the first valid RetryInfo wins", () => {
  const withUnknown = retryInfo(0x10, 0x05, 0x1d, 1, 2, 3, 4, 0x0a, 0x04, 0x08, 0x03, 0x18, 0x07, 0x19, 0, 0, 0, 0, 0, 0, 0, 0);
  expect(retryDelayMs([withUnknown])).toBe(3000);
  const other = { type: "google.rpc.DebugInfo", value: new Uint8Array([0x0a, 0x02, 0x08, 0x09]) };
  expect(retryDelayMs([other, retryInfo(0x0a, 0x02, 0x08, 0x04), retryInfo(0x0a, 0x02, 0x08, 0x05)])).toBe(4000);
  expect(retryDelayMs([{ type: "type.googleapis.com/google.rpc.RetryInfo", value: new Uint8Array([0x0a, 0x02, 0x08, 0x01]) }])).toBe(1000);
});

test("absent, malformed, negative or out-of-range delays give no advice", () => {
  expect(retryDelayMs([])).toBeUndefined();
  expect(retryDelayMs([retryInfo()])).toBeUndefined(); // no retry_delay
  expect(retryDelayMs([retryInfo(0x0a, 0x05, 0x08)])).toBeUndefined(); // runs past the end
  expect(retryDelayMs([retryInfo(0x08, 0x01)])).toBeUndefined(); // field 1 as a varint
  expect(retryDelayMs([retryInfo(0x0a, 0x02, 0x0a, 0x00)])).toBeUndefined(); // seconds length-delimited
  const minusOne = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];
  expect(retryDelayMs([retryInfo(0x0a, 11, 0x08, ...minusOne)])).toBeUndefined(); // seconds: -1
  expect(retryDelayMs([retryInfo(0x0a, 0x06, 0x10, 0x80, 0x94, 0xeb, 0xdc, 0x03)])).toBeUndefined(); // nanos 1e9
  expect(retryDelayMs([retryInfo(0x0b, 0x0c)])).toBeUndefined(); // a group
});
