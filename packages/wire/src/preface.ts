import { PREFACE_LENGTH, PREFACE_MAGIC, PROTOCOL_VERSION } from "./constants.ts";
import { ErrorCode } from "./error-code.ts";
import { WireError } from "./wire-error.ts";

/** The 8 bytes each side sends first: "STRAND" then the version as u16 BE. */
export function encodePreface(version: number = PROTOCOL_VERSION): Uint8Array {
  const out = new Uint8Array(PREFACE_LENGTH);
  out.set(PREFACE_MAGIC, 0);
  out[6] = version >>> 8;
  out[7] = version & 0xff;
  return out;
}

/**
 * Validates a received preface. Throws BAD_PREFACE when the magic is wrong (the peer does not
 * speak Strand) and UNSUPPORTED_VERSION when it speaks another version.
 */
export function checkPreface(bytes: Uint8Array): void {
  for (let i = 0; i < PREFACE_MAGIC.length; i++) {
    if (bytes[i] !== PREFACE_MAGIC[i]) throw new WireError(ErrorCode.BadPreface, "connection preface is not STRAND: the peer does not speak this protocol");
  }
  const version = (bytes[6]! << 8) | bytes[7]!;
  if (version !== PROTOCOL_VERSION) {
    throw new WireError(ErrorCode.UnsupportedVersion, `peer speaks protocol version ${version}; this endpoint speaks ${PROTOCOL_VERSION}`);
  }
}
