/**
 * Standard base64 (RFC 4648 §4) without Node's `Buffer`, so the RPC layer also runs in browsers.
 * Only used off the hot path: showing or accepting `-bin` metadata as text.
 */

/** Encodes bytes as padded base64. */
export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** Decodes padded or unpadded base64; `undefined` when the text is not base64. */
export function fromBase64(text: string): Uint8Array | undefined {
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    return undefined;
  }
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
