import type { ByteChannel } from "../byte-channel.ts";

/** Something that consumes a channel's events: a Session, or a test probe. */
export interface ChannelSink {
  receive(chunk: Uint8Array): void;
  drain(): void;
  channelClosed(cause?: unknown): void;
}

/** Fault injection knobs of {@link createMemoryChannelPair}. */
export interface MemoryChannelOptions {
  /** Bytes one direction holds unread before writes become partial. Default 64 KiB. */
  readonly bufferBytes?: number;
  /** Most bytes one `write` call accepts (short writes). Default unlimited. */
  readonly maxWrite?: number;
  /** Largest chunk delivered to the reader; chunks are cut at random sizes up to this. Default: whole. */
  readonly maxChunk?: number;
  /** Source of randomness for chunk sizes (seeded in tests). Default `Math.random`. */
  readonly random?: () => number;
  /** Delay before delivering, in ms (0: next macrotask). */
  readonly delayMs?: number;
}

/** One end of an in-memory channel pair. */
export interface MemoryChannel extends ByteChannel {
  /** Attaches the consumer of this end's incoming bytes and events. */
  attach(sink: ChannelSink): void;
  /** Closes both ends abruptly, as a network failure would. */
  destroy(cause?: unknown): void;
  /** Bytes written through this end so far. */
  readonly bytesWritten: number;
  /** Whether the peer end paused reading. */
  readonly paused: boolean;
}

class Direction {
  inflight: Uint8Array[] = [];
  inflightBytes = 0;
  writerBlocked = false;
  scheduled = false;
  readerPaused = false;
  closed = false;
  /** Graceful close requested: deliver what is in flight, then report the close. */
  closing = false;
}

/**
 * Two connected in-memory byte channels with injectable short writes, random chunking, delays and
 * abrupt closes, for proving that no byte is lost, duplicated or reordered.
 */
export function createMemoryChannelPair(options: MemoryChannelOptions = {}): [MemoryChannel, MemoryChannel] {
  const capacity = options.bufferBytes ?? 64 * 1024;
  const random = options.random ?? Math.random;
  const ab = new Direction();
  const ba = new Direction();
  const sinks: [ChannelSink | undefined, ChannelSink | undefined] = [undefined, undefined];
  let written: [number, number] = [0, 0];

  const deliver = (dir: Direction, reader: 0 | 1, writer: 0 | 1): void => {
    dir.scheduled = false;
    const sink = sinks[reader];
    if (dir.closed || sink === undefined || dir.readerPaused) return;
    while (dir.inflight.length > 0 && !dir.readerPaused && !dir.closed) {
      let chunk = dir.inflight.shift()!;
      if (options.maxChunk !== undefined && chunk.length > 1) {
        const size = 1 + Math.floor(random() * Math.min(options.maxChunk, chunk.length));
        if (size < chunk.length) {
          dir.inflight.unshift(chunk.subarray(size));
          chunk = chunk.subarray(0, size);
        }
      }
      dir.inflightBytes -= chunk.length;
      sink.receive(chunk);
    }
    if (dir.writerBlocked && dir.inflightBytes < capacity && !dir.closed) {
      dir.writerBlocked = false;
      sinks[writer]?.drain();
    }
    if (dir.closing && dir.inflight.length === 0) closeBoth();
  };

  const schedule = (dir: Direction, reader: 0 | 1, writer: 0 | 1): void => {
    if (dir.scheduled) return;
    dir.scheduled = true;
    if (options.delayMs !== undefined && options.delayMs > 0) setTimeout(() => deliver(dir, reader, writer), options.delayMs);
    else setImmediate(() => deliver(dir, reader, writer));
  };

  const closeBoth = (cause?: unknown): void => {
    if (ab.closed && ba.closed) return;
    ab.closed = true;
    ba.closed = true;
    queueMicrotask(() => {
      sinks[0]?.channelClosed(cause);
      sinks[1]?.channelClosed(cause);
    });
  };

  const end = (index: 0 | 1): MemoryChannel => {
    const out = index === 0 ? ab : ba;
    const incoming = index === 0 ? ba : ab;
    const peer = index === 0 ? 1 : 0;
    return {
      attach(sink) {
        sinks[index] = sink;
      },
      write(bytes) {
        if (out.closed || out.closing) return -1;
        let n = Math.min(bytes.length, capacity - out.inflightBytes, options.maxWrite ?? Infinity);
        n = Math.max(0, n);
        if (n > 0) {
          out.inflight.push(bytes.slice(0, n));
          out.inflightBytes += n;
          written[index] += n;
          schedule(out, peer, index);
        }
        if (n < bytes.length) out.writerBlocked = true;
        return n;
      },
      close() {
        // Like TCP: bytes already written still arrive, then the peer sees the close.
        if (out.closed || out.closing) return;
        out.closing = true;
        if (out.inflight.length === 0) closeBoth();
        else schedule(out, peer, index);
      },
      destroy(cause) {
        closeBoth(cause);
      },
      pause() {
        incoming.readerPaused = true;
      },
      resume() {
        incoming.readerPaused = false;
        schedule(incoming, index, peer);
      },
      get bytesWritten() {
        return written[index];
      },
      get paused() {
        return incoming.readerPaused;
      },
    };
  };
  return [end(0), end(1)];
}
