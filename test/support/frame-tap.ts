import { Flag, FrameDecoder, FrameType, PREFACE_LENGTH, readU32 } from "@strand/wire/internal";

/**
 * Reads one direction of one connection's bytes (a {@link TcpProxy} tap) as frames and records, for
 * every message, whether it went compressed and with which algorithm: what a test of compression
 * must see on the wire, not infer from results. Also counts the bytes.
 */
export class FrameTap {
  /** Bytes seen, preface included. */
  bytes = 0;
  /** Algorithm ids of the compressed messages, in order (1 gzip, 2 zstd). */
  readonly compressed: number[] = [];
  /** Messages that went uncompressed. */
  plain = 0;
  private prefaceLeft = PREFACE_LENGTH;
  private readonly decoder = new FrameDecoder(16 * 1024 * 1024 - 1);
  /** Inside a fragmented message: its later frames are neither counted nor flagged. */
  private inMessage = false;

  /** The function to hand the proxy. */
  readonly tap = (chunk: Uint8Array): void => {
    this.bytes += chunk.length;
    const skip = Math.min(this.prefaceLeft, chunk.length);
    this.prefaceLeft -= skip;
    this.decoder.push(chunk.slice(skip));
    for (let f = this.decoder.next(); f !== undefined; f = this.decoder.next()) this.frame(f.type, f.flags, f.payload);
  };

  /** The set of algorithms used, as names. */
  get algorithms(): string[] {
    return [...new Set(this.compressed)].sort().map((id) => (id === 1 ? "gzip" : id === 2 ? "zstd" : `id ${id}`));
  }

  private frame(type: FrameType, flags: number, payload: Uint8Array): void {
    const compressed = (flags & Flag.Compressed) !== 0;
    if (type === FrameType.Headers && (flags & Flag.WithMessage) !== 0) {
      let at = 4 + readU32(payload, 0);
      if ((flags & Flag.WithTrailers) !== 0) at += 4 + readU32(payload, at); // a whole response: the trailers come before the message
      return this.message(compressed, payload[at]);
    }
    if (type !== FrameType.Data) return;
    if ((flags & Flag.Batch) !== 0) {
      for (let p = 0; p < payload.length; p += 4 + readU32(payload, p)) this.plain++;
      return;
    }
    if (this.inMessage) {
      if (compressed) throw new Error("COMPRESSED on a later fragment");
      this.inMessage = (flags & Flag.EndMessage) === 0;
      return;
    }
    if ((flags & Flag.MessageStart) !== 0) {
      this.inMessage = (flags & Flag.EndMessage) === 0;
      return this.message(compressed, payload[4]);
    }
    if ((flags & Flag.EndMessage) !== 0) this.message(compressed, payload[0]);
  }

  private message(compressed: boolean, firstByte: number | undefined): void {
    if (compressed) this.compressed.push(firstByte ?? -1);
    else this.plain++;
  }
}
