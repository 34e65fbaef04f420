import type { MessageCodec } from "./descriptor.ts";

/**
 * "No message": what the calls' `take()` returns when none waits and `next()` returns at the end
 * of a stream (a decoded message may be any value, so `undefined` cannot say it).
 */
export const NO_MESSAGE: unique symbol = Symbol("no message");

/**
 * Decodes the message `bytes[start, end)`: in place when the codec reads ranges (generated ones
 * do), otherwise from a view, so a hand-written codec still sees exactly its message.
 */
export function decodeMessage<T>(codec: MessageCodec<T>, bytes: Uint8Array, start: number, end: number): T {
  if (codec.decodeRange !== undefined) return codec.decodeRange(bytes, start, end);
  return codec.decode(start === 0 && end === bytes.length ? bytes : bytes.subarray(start, end));
}
