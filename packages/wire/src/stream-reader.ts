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

/**
 * A stream's pending promises, made on the first: a send waiting for credit or the write queue, a
 * wait for the peer's headers, a read. A push-mode owner (every call) never has any, so the
 * stream keeps one field for the three.
 */
export class StreamWaiters {
  send: Waiter<void>[] | undefined;
  headers: Waiter<Uint8Array> | undefined;
  read: Waiter<IteratorResult<Uint8Array>> | undefined;

  /** The headers wait, taken out (to settle it). */
  takeHeaders(): Waiter<Uint8Array> | undefined {
    const waiter = this.headers;
    this.headers = undefined;
    return waiter;
  }

  /** The read, taken out (to settle it). */
  takeRead(): Waiter<IteratorResult<Uint8Array>> | undefined {
    const waiter = this.read;
    this.read = undefined;
    return waiter;
  }
}

/** The end of the iterator API. */
export const DONE: IteratorResult<Uint8Array> = Object.freeze({ done: true, value: undefined });

/** The message as its own array, for the iterator API (push mode gets ranges). */
export function view(bytes: Uint8Array, start: number, end: number): Uint8Array {
  return start === 0 && end === bytes.length ? bytes : bytes.subarray(start, end);
}
