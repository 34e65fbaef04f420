/**
 * The one reusable writer behind generated `encode()`: encoding then allocates only the exact-size
 * result (`finish()` copies out and keeps the grown buffer for the next message).
 */
import { BinaryWriter } from "./binary-writer.ts";

let shared: BinaryWriter | undefined;

/**
 * The writer generated `encode()` uses: one per thread, reset on every call, so encoding allocates
 * only the exact-size result. Not reentrant across `encode()` calls, which never nest (nested
 * messages are written by the generated `encodeTo` into the same writer).
 */
export function sharedWriter(): BinaryWriter {
  if (shared === undefined) shared = new BinaryWriter(1024);
  return shared.reset();
}
