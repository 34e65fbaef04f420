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

const NOTHING_YET = new Uint8Array(0);

/**
 * Reads the peer's preface off the front of the byte stream, however it is split into chunks, and
 * judges each byte as soon as it arrives (a peer that does not speak Strand is told at once).
 */
export class PrefaceReader {
  private have: Uint8Array | undefined = NOTHING_YET;

  /** Whether the whole preface has been read. */
  get done(): boolean {
    return this.have === undefined;
  }

  /** Consumes preface bytes from `chunk`; returns the bytes after the preface once it is complete, else undefined. Throws on a bad preface. */
  read(chunk: Uint8Array): Uint8Array | undefined {
    const have = this.have;
    if (have === undefined) return chunk;
    if (have.length === 0 && chunk.length >= PREFACE_LENGTH) {
      // The usual case: the whole preface in the first read, judged in place (no copy of the read).
      checkPreface(chunk);
      this.have = undefined;
      return chunk.subarray(PREFACE_LENGTH);
    }
    const joined = new Uint8Array(have.length + chunk.length);
    joined.set(have);
    joined.set(chunk, have.length);
    if (joined.length < PREFACE_LENGTH) {
      const padded = encodePreface(); // pad with the expected bytes so only the bytes we have are judged
      padded.set(joined);
      checkPreface(padded);
      this.have = joined;
      return undefined;
    }
    checkPreface(joined);
    this.have = undefined;
    return joined.subarray(PREFACE_LENGTH);
  }
}
