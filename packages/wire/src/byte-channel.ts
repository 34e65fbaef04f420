/**
 * The abstract byte pipe a session runs over: a TCP/TLS/unix socket today, a WebSocket later.
 * Adapters call the session's `receive`, `drain` and `channelClosed` on the matching events.
 */
export interface ByteChannel {
  /**
   * Writes as much of `bytes` as the channel takes now, returning that count (possibly 0 or a
   * partial count: the session keeps the rest and retries on `drain`), or −1 if it is closed.
   * The channel must not keep a reference to `bytes` after returning.
   */
  write(bytes: Uint8Array): number;
  /**
   * Optional: {@link write} of `bytes[0, length)`, for a channel that takes a range without a view
   * made for it (Bun's sockets do). Used when present: a view costs a JavaScript engine more than
   * a small frame's copy, and every flush would make one.
   */
  writeRange?(bytes: Uint8Array, length: number): number;
  /** Closes the channel; called once the session has written its last bytes (or is aborting). */
  close(): void;
  /** Stops delivering received bytes (optional): used when the peer floods us with work. */
  pause?(): void;
  /** Resumes after {@link pause}. */
  resume?(): void;
  /** Describes the remote end for logs and handlers, e.g. `"127.0.0.1:53122"` (optional). */
  readonly peer?: string;
}
