import { expect, test } from "bun:test";
import { PROTOCOL_DEFAULTS } from "./constants.ts";
import { ErrorCode } from "./error-code.ts";
import { decodeFirstSettings, decodeSettings, encodeSettings } from "./settings.ts";
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

test("ACCEPT_WITH_TRAILERS round-trips, is sent only when set (older peers get the bytes they always did), and must be 0 or 1", () => {
  expect(PROTOCOL_DEFAULTS.acceptWithTrailers).toBe(false);
  const ours = { ...PROTOCOL_DEFAULTS, acceptBatch: true, acceptWithTrailers: true };
  expect(decodeSettings(encodeSettings(ours), PROTOCOL_DEFAULTS)).toEqual(ours);
  expect(encodeSettings({ ...PROTOCOL_DEFAULTS, acceptWithTrailers: false })).toEqual(encodeSettings(PROTOCOL_DEFAULTS));
  expect(encodeSettings(ours).length).toBe(encodeSettings(PROTOCOL_DEFAULTS).length + 6);
  expect(decodeSettings(entry(0x8, 1), PROTOCOL_DEFAULTS).acceptWithTrailers).toBe(true);
  expect(decodeSettings(entry(0x8, 0), ours).acceptWithTrailers).toBe(false);
  expect(codeOf(() => decodeSettings(entry(0x8, 2), PROTOCOL_DEFAULTS))).toBe("ProtocolError");
});

test("out-of-range values are connection errors; unknown identifiers are ignored", () => {
  expect(codeOf(() => decodeSettings(entry(0x6, 2), PROTOCOL_DEFAULTS))).toBe("ProtocolError");
  expect(codeOf(() => decodeSettings(entry(0x1, 100), PROTOCOL_DEFAULTS))).toBe("ProtocolError");
  expect(codeOf(() => decodeSettings(entry(0x3, 2 ** 31), PROTOCOL_DEFAULTS))).toBe("FlowControlError");
  expect(codeOf(() => decodeSettings(new Uint8Array(5), PROTOCOL_DEFAULTS))).toBe("FrameSizeError");
  expect(decodeSettings(entry(0x99, 7), PROTOCOL_DEFAULTS)).toEqual({ ...PROTOCOL_DEFAULTS });
});

test("first SETTINGS with the same bytes share one frozen result; others, and later SETTINGS, get their own", () => {
  const payload = encodeSettings({ ...PROTOCOL_DEFAULTS, acceptBatch: true, maxConcurrentStreams: 7 });
  const a = decodeFirstSettings(payload);
  const b = decodeFirstSettings(payload.slice());
  expect(b).toBe(a);
  expect(Object.isFrozen(a)).toBe(true);
  expect(a).toEqual({ ...PROTOCOL_DEFAULTS, acceptBatch: true, maxConcurrentStreams: 7 });
  const other = decodeFirstSettings(encodeSettings({ ...PROTOCOL_DEFAULTS, maxConcurrentStreams: 8 }));
  expect(other).not.toBe(a);
  expect(other.maxConcurrentStreams).toBe(8);
  const later = decodeSettings(entry(0x2, 9), a); // a later frame builds on the shared object without touching it
  expect([later.maxConcurrentStreams, a.maxConcurrentStreams]).toEqual([9, 7]);
  const bad = entry(0x6, 2); // ACCEPT_BATCH must be 0 or 1
  expect(codeOf(() => decodeFirstSettings(bad))).toBe("ProtocolError");
  expect(codeOf(() => decodeFirstSettings(bad))).toBe("ProtocolError"); // not remembered as if valid
  // Alternating peers, and a payload changed in place after it was decoded, still decode right.
  expect(decodeFirstSettings(payload)).toBe(a);
  const reused = payload.slice();
  expect(decodeFirstSettings(reused)).toBe(a);
  reused.set(encodeSettings({ ...PROTOCOL_DEFAULTS, maxConcurrentStreams: 8 }));
  expect(decodeFirstSettings(reused)).toBe(other);
});
