import { expect, test } from "bun:test";
import { PROTOCOL_DEFAULTS } from "./constants.ts";
import { ErrorCode } from "./error-code.ts";
import { decodeSettings, encodeSettings } from "./settings.ts";
import { WireError } from "./wire-error.ts";

const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(WireError);
    return ErrorCode[(error as WireError).code];
  }
  throw new Error("did not throw");
};

/** One SETTINGS entry: u16 identifier, u32 value. */
const entry = (id: number, value: number): Uint8Array => {
  const out = new Uint8Array(6);
  new DataView(out.buffer).setUint16(0, id);
  new DataView(out.buffer).setUint32(2, value);
  return out;
};

test("settings round-trip, ACCEPT_BATCH included; a peer is assumed not to accept BATCH until it says so", () => {
  expect(PROTOCOL_DEFAULTS.acceptBatch).toBe(false);
  const ours = { ...PROTOCOL_DEFAULTS, maxFramePayload: 65_536, maxMessageSize: 1_000, acceptBatch: true };
  expect(decodeSettings(encodeSettings(ours), PROTOCOL_DEFAULTS)).toEqual(ours);
  expect(decodeSettings(entry(0x6, 0), ours).acceptBatch).toBe(false);
  expect(decodeSettings(entry(0x6, 1), PROTOCOL_DEFAULTS).acceptBatch).toBe(true);
});

test("out-of-range values are connection errors; unknown identifiers are ignored", () => {
  expect(codeOf(() => decodeSettings(entry(0x6, 2), PROTOCOL_DEFAULTS))).toBe("ProtocolError");
  expect(codeOf(() => decodeSettings(entry(0x1, 100), PROTOCOL_DEFAULTS))).toBe("ProtocolError");
  expect(codeOf(() => decodeSettings(entry(0x3, 2 ** 31), PROTOCOL_DEFAULTS))).toBe("FlowControlError");
  expect(codeOf(() => decodeSettings(new Uint8Array(5), PROTOCOL_DEFAULTS))).toBe("FrameSizeError");
  expect(decodeSettings(entry(0x99, 7), PROTOCOL_DEFAULTS)).toEqual({ ...PROTOCOL_DEFAULTS });
});
