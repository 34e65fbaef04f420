/**
 * What a stream hands its owner's reads: the iterator's end, a message as an array of its own, and
 * the two ends of a read (or send) that waits.
 */
import type { WireError } from "./wire-error.ts";

/** A pending promise's two ends. */
export interface Waiter<T> {
  resolve(value: T): void;
  reject(error: WireError): void;
}

/** The end of the iterator API. */
export const DONE: IteratorResult<Uint8Array> = Object.freeze({ done: true, value: undefined });

/** The message as its own array, for the iterator API (push mode gets ranges). */
export function view(bytes: Uint8Array, start: number, end: number): Uint8Array {
  return start === 0 && end === bytes.length ? bytes : bytes.subarray(start, end);
}
