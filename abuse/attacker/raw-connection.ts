import type { Socket } from "bun";
import { errorCodeName } from "@strand/wire";
import { decodeGoAway, Flag, FrameDecoder, FrameType, PREFACE_LENGTH, readU32 } from "@strand/wire/internal";
import { frame } from "./frames.ts";

/** A frame as the attacker sees it (valid only during the callback). */
export interface SeenFrame {
  readonly type: number;
  readonly flags: number;
  readonly streamId: number;
  readonly payload: Uint8Array;
}

/** Connection credit returned to the server in one WINDOW_UPDATE, once that much arrived. Bytes. */
const CONNECTION_REGRANT = 256 * 1024 * 1024;

/**
 * One attacker connection: a raw Bun socket that writes whatever it is given (keeping the
 * unwritten tail of a partial write until the socket drains, so a flood loses nothing and waits
 * for TCP backpressure), decodes the server's frames without keeping them, and records how the
 * connection ended — the server's GOAWAY code and reason, or a close without one.
 */
export class RawConnection {
  /** The server's GOAWAY, as `CODE: reason`, if one came. */
  goAway: string | undefined;
  /** Whether the socket closed (either side). */
  closed = false;
  /** Bytes written to the socket so far. */
  bytesWritten = 0;
  /** Called for every frame the server sends (after the handling below). */
  onFrameSeen: ((frame: SeenFrame) => void) | undefined;
  /** Whether the attacker itself closed the socket. */
  private killedLocally = false;
  private readonly pending: Uint8Array[] = [];
  private drainWaiters: Array<() => void> = [];
  private closeWaiters: Array<() => void> = [];
  private prefaceLeft = PREFACE_LENGTH;
  private readonly decoder = new FrameDecoder(16 * 1024 * 1024 - 1);
  private received = 0;
  /** Set by `open`, before any data or drain event. */
  private socket: Socket<undefined> | undefined;

  /** Connects to the server on loopback `port`. */
  static async open(port: number): Promise<RawConnection> {
    const conn = new RawConnection();
    await Bun.connect({
      hostname: "127.0.0.1",
      port,
      socket: {
        binaryType: "uint8array",
        open: (socket) => {
          conn.socket = socket;
        },
        data: (_s, chunk: Uint8Array) => conn.receive(chunk),
        drain: () => conn.flush(),
        close: () => conn.closedNow(),
        error: () => conn.closedNow(),
      },
    });
    return conn;
  }

  /** How the connection ended (or that it is still open). */
  get ending(): string {
    if (this.goAway !== undefined) return `GOAWAY ${this.goAway}`;
    if (this.killedLocally) return "closed by the attacker";
    return this.closed ? "closed without GOAWAY" : "open";
  }

  /** Writes `bytes` (not copied: do not change them); false if some wait for the socket to drain. */
  write(bytes: Uint8Array): boolean {
    if (this.closed) return false;
    if (this.pending.length > 0) {
      this.pending.push(bytes);
      return false;
    }
    const n = Math.max(0, this.socket!.write(bytes));
    this.bytesWritten += n;
    if (n === bytes.length) return true;
    this.pending.push(bytes.subarray(n));
    return false;
  }

  /** Resolves once every written byte went to the socket (or it closed). */
  drained(): Promise<void> {
    if (this.pending.length === 0 || this.closed) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  /** Resolves once the socket closed. */
  whenClosed(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => this.closeWaiters.push(resolve));
  }

  /** Stops reading the socket (a peer that never reads its replies). */
  stopReading(): void {
    this.socket?.pause();
  }

  /** Closes politely (FIN, no GOAWAY): the attacker hung up. */
  end(): void {
    if (!this.closed) this.killedLocally = true;
    this.socket?.end();
  }

  /** Closes at once, without GOAWAY (a hard kill). */
  kill(): void {
    if (!this.closed) this.killedLocally = true;
    this.socket?.terminate();
    this.closedNow();
  }

  private flush(): void {
    while (this.pending.length > 0 && !this.closed) {
      const head = this.pending[0]!;
      const n = Math.max(0, this.socket!.write(head));
      this.bytesWritten += n;
      if (n < head.length) {
        this.pending[0] = head.subarray(n);
        return;
      }
      this.pending.shift();
    }
    this.wake();
  }

  private wake(): void {
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const w of waiters) w();
  }

  private closedNow(): void {
    if (this.closed) return;
    this.closed = true;
    this.pending.length = 0;
    this.wake();
    for (const w of this.closeWaiters) w();
    this.closeWaiters = [];
  }

  private receive(chunk: Uint8Array): void {
    if (this.prefaceLeft > 0) {
      const skip = Math.min(this.prefaceLeft, chunk.length);
      this.prefaceLeft -= skip;
      chunk = chunk.subarray(skip);
    }
    if (chunk.length === 0) return;
    this.decoder.push(chunk);
    try {
      for (let f = this.decoder.next(); f !== undefined; f = this.decoder.next()) this.onFrame(f);
    } catch {
      this.kill(); // the server sent something undecodable: not what this suite tests
    }
  }

  private onFrame(f: SeenFrame): void {
    switch (f.type) {
      case FrameType.GoAway: {
        const g = decodeGoAway(f.payload);
        this.goAway ??= `${errorCodeName(g.code)}: ${g.reason}`;
        break;
      }
      case FrameType.Settings:
        if ((f.flags & Flag.Ack) === 0) this.write(frame(FrameType.Settings, Flag.Ack, 0));
        break;
      case FrameType.Ping:
        if ((f.flags & Flag.Ack) === 0) this.write(frame(FrameType.Ping, Flag.Ack, 0, f.payload.slice()));
        break;
      case FrameType.Data:
        this.credit(f.payload.length);
        break;
      case FrameType.Headers:
        if ((f.flags & Flag.WithMessage) !== 0) this.credit(f.payload.length - 4 - readU32(f.payload, 0));
        break;
    }
    this.onFrameSeen?.(f);
  }

  /** Returns connection credit in large steps (the handshake granted nearly 2 GiB). */
  private credit(bytes: number): void {
    this.received += bytes;
    if (this.received < CONNECTION_REGRANT) return;
    this.write(frame(FrameType.WindowUpdate, 0, 0, u32(this.received)));
    this.received = 0;
  }
}

function u32(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value);
  return out;
}
