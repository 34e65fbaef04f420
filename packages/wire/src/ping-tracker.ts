import { PING_PAYLOAD_LENGTH } from "./constants.ts";
import { readU32, writeU32 } from "./frame.ts";

interface Outstanding {
  readonly sentAt: number;
  readonly resolve: ((rttMs: number) => void) | undefined;
  readonly reject: ((error: Error) => void) | undefined;
}

/** At most this many application pings may await their ACK at once. */
export const MAX_OUTSTANDING_PINGS = 16;

/**
 * Our PINGs awaiting acknowledgement, keyed by the counter we put in their payload; measures RTT.
 * The keep-alive ping is one of them, flagged so a timeout can be detected.
 */
export class PingTracker {
  /** Round-trip time of the last acknowledged ping, in milliseconds (undefined before any). */
  rttMs: number | undefined;
  /** Allocated on the first ping. */
  private outstanding: Map<number, Outstanding> | undefined;
  private next = 1;
  private keepaliveId = 0;

  /** Number of pings awaiting their ACK. */
  get size(): number {
    return this.outstanding?.size ?? 0;
  }

  /** When the outstanding keep-alive ping was sent, if one is outstanding. */
  get keepaliveSentAt(): number | undefined {
    return this.keepaliveId === 0 ? undefined : this.outstanding?.get(this.keepaliveId)?.sentAt;
  }

  /** Registers a new ping and returns its payload. */
  start(now: number, keepalive: boolean, resolve?: (rttMs: number) => void, reject?: (error: Error) => void): Uint8Array {
    const id = this.next;
    this.next = this.next >= 0xffffffff ? 1 : this.next + 1;
    (this.outstanding ??= new Map()).set(id, { sentAt: now, resolve, reject });
    if (keepalive) this.keepaliveId = id;
    const payload = new Uint8Array(PING_PAYLOAD_LENGTH);
    writeU32(payload, 4, id);
    return payload;
  }

  /** Handles a PING ACK and returns its round trip; unknown payloads are ignored (the peer may echo anything late). */
  ack(payload: Uint8Array, now: number): number | undefined {
    const id = readU32(payload, 4);
    const ping = this.outstanding?.get(id);
    if (ping === undefined) return undefined;
    this.outstanding!.delete(id);
    if (this.outstanding!.size === 0) this.outstanding = undefined; // idle sessions keep no map
    if (id === this.keepaliveId) this.keepaliveId = 0;
    this.rttMs = now - ping.sentAt;
    ping.resolve?.(this.rttMs);
    return this.rttMs;
  }

  /** Fails every outstanding ping (the session closed). */
  clear(error: Error): void {
    const outstanding = this.outstanding;
    this.outstanding = undefined;
    if (outstanding !== undefined) for (const ping of outstanding.values()) ping.reject?.(error);
    this.keepaliveId = 0;
  }
}
