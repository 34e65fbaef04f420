/** Below this, a zero-filled allocation is as cheap (small arrays live in the GC heap). */
const UNINITIALIZED_MIN = 64 * 1024;

/**
 * A buffer for bytes that will all be overwritten before anyone reads them (a reassembled
 * message, a frame body spanning reads): large ones skip zero-filling, which measured about 40 %
 * of allocating and filling 1 MiB. Callers must never expose a byte they did not write.
 */
export function allocForOverwrite(length: number): Uint8Array {
  if (length < UNINITIALIZED_MIN) return new Uint8Array(length);
  return new Uint8Array(Buffer.allocUnsafeSlow(length).buffer, 0, length);
}
