/**
 * S9's payload: JSON-like text (records with ids, names, e-mail addresses, flags, numbers), which
 * compresses as typical API payloads do — unlike the fill bytes of the other scenarios, which any
 * compressor reduces to nothing. Deterministic, so every peer and repeat sends the same bytes.
 * Node-compatible.
 */

/** `size` bytes of JSON-like text. */
export function textPayload(size: number): Uint8Array {
  const parts: string[] = [];
  let length = 0;
  for (let i = 1; length < size; i++) {
    const part = `{"id":${i},"name":"user-${(i * 7919) % 1000}","email":"user${i}@example.com","active":${i % 3 === 0},"score":${((i * 37) % 1000) / 10},"tags":["${["alpha", "beta", "gamma", "delta"][i % 4]}"],"note":"order ${i % 17} shipped"},`;
    parts.push(part);
    length += part.length;
  }
  return new TextEncoder().encode(parts.join("")).subarray(0, size);
}
