/**
 * Base64 for the JSON mapping of `bytes`: output is standard base64 with padding (what protoc
 * emits); input accepts standard and URL-safe alphabets, with or without padding, as the proto3
 * JSON spec requires.
 */
import { ProtobufError } from "./protobuf-error.ts";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const ENC: string[] = ALPHABET.split("");
const DEC = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) DEC[ALPHABET.charCodeAt(i)] = i;
DEC["-".charCodeAt(0)] = 62;
DEC["_".charCodeAt(0)] = 63;

/** Standard base64 with `=` padding. */
export function base64Encode(bytes: Uint8Array): string {
  let out = "";
  const n = bytes.length;
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += ENC[v >> 18]! + ENC[(v >> 12) & 63]! + ENC[(v >> 6) & 63]! + ENC[v & 63]!;
  }
  if (n - i === 1) {
    const v = bytes[i]! << 16;
    out += ENC[v >> 18]! + ENC[(v >> 12) & 63]! + "==";
  } else if (n - i === 2) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += ENC[v >> 18]! + ENC[(v >> 12) & 63]! + ENC[(v >> 6) & 63]! + "=";
  }
  return out;
}

/** Decodes standard or URL-safe base64, padded or not; throws `invalid_json` on anything else. */
export function base64Decode(text: string): Uint8Array {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 61 /* = */ && text.length - end < 2) end--;
  if (end % 4 === 1) throw bad(text);
  if (end !== text.length && text.length % 4 !== 0) throw bad(text);
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    const d = c < 128 ? DEC[c]! : -1;
    if (d < 0) throw bad(text);
    acc = (acc << 6) | d;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 255;
    }
  }
  return out;
}

function bad(text: string): ProtobufError {
  const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return new ProtobufError("invalid_json", `invalid base64 string ${JSON.stringify(shown)}`);
}
