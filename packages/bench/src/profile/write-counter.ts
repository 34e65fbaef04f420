/**
 * Counts a process's socket writes and the time spent inside them, by wrapping the write of
 * Strand's socket channel (one per connection): how many calls share a system call, and what the
 * calls' share of the kernel's loopback work is. Profiling only; the suite's peers never load it.
 */
import { SocketChannel } from "@strand/tcp";

/** What {@link countWrites} reports since its last reset. */
export interface WriteFigures {
  readonly writes: number;
  readonly bytes: number;
  /** Wall time inside `write`, in ns (the system call, loopback delivery to the peer included). */
  readonly writeNs: number;
}

/** Starts counting; returns the counters' reader and reset. */
export function countWrites(): { figures(): WriteFigures; reset(): void } {
  let writes = 0;
  let bytes = 0;
  let writeNs = 0;
  const write = SocketChannel.prototype.write;
  const writeRange = SocketChannel.prototype.writeRange;
  const counted = (length: number, start: number, written: number): number => {
    writeNs += Bun.nanoseconds() - start;
    writes++;
    bytes += length;
    return written;
  };
  SocketChannel.prototype.write = function (this: SocketChannel, chunk: Uint8Array): number {
    const start = Bun.nanoseconds();
    return counted(chunk.length, start, write.call(this, chunk));
  };
  SocketChannel.prototype.writeRange = function (this: SocketChannel, chunk: Uint8Array, length: number): number {
    const start = Bun.nanoseconds();
    return counted(length, start, writeRange.call(this, chunk, length));
  };
  return {
    figures: () => ({ writes, bytes, writeNs }),
    reset: () => {
      writes = bytes = writeNs = 0;
    },
  };
}
