/**
 * Drain-aware writes for raw Bun sockets: `socket.write` may take only part of a buffer, and the
 * rest must be written, in order, from the `drain` callback. Every raw peer goes through this.
 */

/** The part of a Bun socket the writer needs. */
export interface WritableSocket {
  write(data: Uint8Array): number;
}

/** Queues what the kernel did not take and writes it on `drain`; see the module comment. */
export class SocketWriter {
  private readonly queue: Uint8Array[] = [];
  private queuedBytes = 0;

  constructor(private readonly socket: WritableSocket) {}

  /** Writes now if nothing is queued, else queues behind the earlier bytes. */
  write(bytes: Uint8Array): void {
    if (this.queue.length > 0) {
      this.enqueue(bytes);
      return;
    }
    const written = Math.max(0, this.socket.write(bytes));
    if (written < bytes.length) this.enqueue(bytes.subarray(written));
  }

  /** Call from the socket's `drain` handler; returns true once nothing is left queued. */
  drain(): boolean {
    while (this.queue.length > 0) {
      const head = this.queue[0]!;
      const written = Math.max(0, this.socket.write(head));
      this.queuedBytes -= written;
      if (written < head.length) {
        this.queue[0] = head.subarray(written);
        return false;
      }
      this.queue.shift();
    }
    return true;
  }

  /** Unwritten bytes, for backpressure decisions. */
  get pending(): number {
    return this.queuedBytes;
  }

  private enqueue(bytes: Uint8Array): void {
    this.queue.push(bytes);
    this.queuedBytes += bytes.length;
  }
}
