import type { DeadlineTimer } from "./deadline.ts";
import type { Metadata } from "./metadata.ts";

/**
 * What a call needs only sometimes, made on first use: the continuations waiting for its next
 * event (streams), its deadline timer, an abort controller and its signal (the server's
 * `ctx.signal`; the caller's signal on the client), and metadata (response headers and trailers).
 * Every unary call makes a call object on each side, and JavaScriptCore puts an object of up to
 * 18 fields in a 160-byte cell and one of 19–26 in a 224-byte cell: kept apart, these six cost a
 * plain unary call nothing.
 */
export class CallExtras {
  waiters: (() => void)[] | undefined;
  timer: DeadlineTimer | undefined;
  controller: AbortController | undefined;
  signal: AbortSignal | undefined;
  header: Metadata | undefined;
  trailer: Metadata | undefined;

  /** Settles at the call's next event ({@link wake}). */
  wait(): Promise<void> {
    return new Promise((resolve) => (this.waiters ??= []).push(resolve));
  }

  /** Runs the continuations waiting for an event. */
  wake(): void {
    const waiters = this.waiters;
    if (waiters === undefined) return;
    this.waiters = undefined;
    for (const w of waiters) w();
  }
}
